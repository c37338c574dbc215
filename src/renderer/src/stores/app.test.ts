// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAppStore } from './app';

describe('the toast queue', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  const messages = () => useAppStore().toasts.map((t) => t.message);

  it('shows at most three, the newest last, each gone after its time (errors stay longer)', () => {
    const app = useAppStore();
    app.notify('success', 'a');
    app.notify('error', 'b');
    app.notify('info', 'c');
    app.notify('info', 'd');
    expect(messages()).toEqual(['b', 'c', 'd']);
    vi.advanceTimersByTime(4001);
    expect(messages()).toEqual(['b']);
    vi.advanceTimersByTime(4000);
    expect(messages()).toEqual([]);
  });

  it('keeps a message while the pointer is on it and restarts its time when the pointer leaves', () => {
    const app = useAppStore();
    app.notify('success', 'saved');
    const id = app.toasts[0]!.id;
    vi.advanceTimersByTime(3000);
    app.holdToast(id);
    vi.advanceTimersByTime(60_000);
    expect(messages()).toEqual(['saved']);
    app.releaseToast(id);
    vi.advanceTimersByTime(3999);
    expect(messages()).toEqual(['saved']);
    vi.advanceTimersByTime(2);
    expect(messages()).toEqual([]);
  });

  it('a dismissed message stays gone, and its timer does not remove a later one', () => {
    const app = useAppStore();
    app.notify('info', 'first');
    app.dismiss(app.toasts[0]!.id);
    app.notify('info', 'second');
    expect(messages()).toEqual(['second']);
    vi.advanceTimersByTime(3999);
    expect(messages()).toEqual(['second']);
  });
});
