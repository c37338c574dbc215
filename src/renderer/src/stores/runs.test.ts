// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiEventName, ApiEvents, RunMetrics, WorkbenchApi } from '../../../shared/api';
import { appendPoints, METRICS_FLUSH_MS, useRunsStore } from './runs';

/**
 * A fake backend: answers runs.metrics with fixed series and lets the test emit events. The client keeps the
 * first window.api it sees, so every test's fake shares one listener table and serves its own series.
 */
const listeners = new Map<string, ((p: unknown) => void)[]>();
let served: RunMetrics = {};
function fakeApi(initial: RunMetrics) {
  served = initial;
  const api: WorkbenchApi = {
    call: (async (method: string) => {
      if (method === 'runs.metrics') return { ok: true, value: { 7: structuredClone(served) } };
      return { ok: false, error: { code: 'NOT_FOUND', message: method } };
    }) as WorkbenchApi['call'],
    on: ((event: string, l: (p: unknown) => void) => {
      listeners.set(event, [...(listeners.get(event) ?? []), l]);
      return () => {};
    }) as WorkbenchApi['on'],
  };
  const emit = <E extends ApiEventName>(event: E, payload: ApiEvents[E]) => listeners.get(event)?.forEach((l) => l(payload));
  return { api, emit };
}

describe('appendPoints', () => {
  it('appends in order and skips epochs already present', () => {
    const m: RunMetrics = { 'train.loss': { epoch: [1, 2], value: [1, 0.5], elapsedMs: [10, 20] } };
    appendPoints(m, [
      { key: 'train.loss', epoch: 2, value: 9, elapsedMs: 20 },
      { key: 'train.loss', epoch: 3, value: 0.25, elapsedMs: 30 },
      { key: 'val.loss', epoch: 3, value: 0.3, elapsedMs: 30 },
    ]);
    expect(m['train.loss']).toEqual({ epoch: [1, 2, 3], value: [1, 0.5, 0.25], elapsedMs: [10, 20, 30] });
    expect(m['val.loss'].value).toEqual([0.3]);
  });
});

describe('runs store live metrics', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    setActivePinia(createPinia());
  });
  afterEach(() => vi.useRealTimers());

  it('batches live points: many events become one update per flush interval', async () => {
    const { api, emit } = fakeApi({ 'train.loss': { epoch: [1], value: [1], elapsedMs: [5] } });
    // The page's client is the preload's window.api when there is one (as under Electron): here, the fake.
    window.api = api;
    const store = useRunsStore();
    await store.loadMetrics([7]);
    const before = store.metricsVersion[7];
    for (let e = 2; e <= 30; e++) emit('run.metrics', { runId: 7, points: [{ key: 'train.loss', epoch: e, value: 1 / e, elapsedMs: e * 5 }] });
    expect(store.metricsVersion[7]).toBe(before);
    vi.advanceTimersByTime(METRICS_FLUSH_MS);
    expect(store.metricsVersion[7]).toBe(before + 1);
    expect(store.metricsOf(7)!['train.loss'].epoch).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    // Points of runs nobody is watching are not kept.
    emit('run.metrics', { runId: 8, points: [{ key: 'train.loss', epoch: 1, value: 1, elapsedMs: 1 }] });
    vi.advanceTimersByTime(METRICS_FLUSH_MS);
    expect(store.metricsOf(8)).toBeUndefined();
    store.dispose();
  });

  it('keeps the live points that arrive while the stored series is being fetched', async () => {
    const { api, emit } = fakeApi({ 'train.loss': { epoch: [1, 2], value: [1, 0.5], elapsedMs: [5, 10] } });
    window.api = api;
    const store = useRunsStore();
    const loading = store.loadMetrics([7]);
    // Epoch 2 is in the stored series too; epoch 3 only in the event.
    emit('run.metrics', { runId: 7, points: [2, 3].map((e) => ({ key: 'train.loss', epoch: e, value: 1 / e, elapsedMs: e * 5 })) });
    await loading;
    expect(store.metricsOf(7)!['train.loss'].epoch).toEqual([1, 2, 3]);
    store.dispose();
  });
});
