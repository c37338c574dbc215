/**
 * A typed list of listeners per event, for main and the renderer alike (the renderer has no node:events).
 * `on` returns the unsubscribe. A listener that throws is reported and does not stop the others or the
 * emitter: one closed socket or broken view must not leave a run half-saved.
 */
export class Emitter<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<(payload: never) => void>>();

  constructor(private readonly onListenerError: (event: keyof Events, error: unknown) => void = reportListenerError) {}

  on<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  emit<E extends keyof Events>(event: E, payload: Events[E]): void {
    for (const listener of (this.listeners.get(event) ?? []) as Set<(payload: Events[E]) => void>) {
      try {
        listener(payload);
      } catch (e) {
        this.onListenerError(event, e);
      }
    }
  }

  /** Listeners of one event, or of all events. */
  listenerCount(event?: keyof Events): number {
    if (event !== undefined) return this.listeners.get(event)?.size ?? 0;
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }
}

function reportListenerError(event: PropertyKey, error: unknown): void {
  console.error(`a ${String(event)} listener failed`, error);
}
