import type { ApiEventName, ApiEvents } from '../../shared/api';

export type ApiListener<E extends ApiEventName> = (payload: ApiEvents[E]) => void;

/** Backend → renderer events; the transports subscribe and forward. */
export class EventBus {
  private readonly listeners = new Map<ApiEventName, Set<(payload: never) => void>>();

  on<E extends ApiEventName>(event: E, listener: ApiListener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      // One broken subscriber (a closed socket) must not stop the others or the caller.
      try {
        (listener as ApiListener<E>)(payload);
      } catch (e) {
        console.error(`a ${event} listener failed`, e);
      }
    }
  }
}
