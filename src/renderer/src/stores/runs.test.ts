// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiEventName, ApiEvents, RunMetrics, RunSummaryView, RunView, WorkbenchApi } from '../../../shared/api';
import type { RunStatus } from '../../../shared/run-status';
import { appendPoints, METRICS_FLUSH_MS, useRunsStore } from './runs';

/**
 * A fake backend: answers runs.metrics with fixed series and lets the test emit events. The client keeps the
 * first window.api it sees, so every test's fake shares one listener table and serves its own series.
 */
const listeners = new Map<string, ((p: unknown) => void)[]>();
let served: RunMetrics = {};
/** Replies to other methods, by method: each call takes the next (a promise the test may resolve late). */
type Replies = Record<string, (() => Promise<unknown>)[]>;
let replies: Replies = {};
function fakeApi(initial: RunMetrics, answers: Replies = {}) {
  served = initial;
  replies = answers;
  const api: WorkbenchApi = {
    call: (async (method: string) => {
      if (method === 'runs.metrics') return { ok: true, value: { 7: structuredClone(served) } };
      const next = replies[method]?.shift();
      if (next) return { ok: true, value: await next() };
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

/** Run 2 as `runs.get` returns it: running at epoch 1 of 5, or completed with its summary. */
function runView(status: RunStatus): RunView {
  const finished = status !== 'running' && status !== 'queued';
  return {
    id: 2, name: 'clone', datasetId: 1, datasetName: 'iris', modelId: null, trainer: 'backprop', trainerLabel: 'Adam', seed: 1,
    status, error: null, createdAt: 0, startedAt: 1, finishedAt: finished ? 50 : null, trainMs: finished ? 40 : null,
    progress: { epoch: finished ? 5 : 1, total: 5 }, workStartedAt: null, testMetric: null, origin: null, studyId: null, tags: [], notes: '', modelSpec: null,
    trainerConfig: { trainer: 'elm', hiddenUnits: 1, activation: 'sigmoid', solver: 'pinv', c: 1, init: 'uniform' },
    prepare: {} as RunView['prepare'], task: 'classification', classes: ['a', 'b'], confusion: null, predictedVsActual: null,
    summary: finished ? ({ bestEpoch: null, stoppedEarly: false, divergence: null, parameterCount: 10, epochs: 5 } as unknown as RunView['summary']) : null,
  };
}

function summaryOf(view: RunView): RunSummaryView {
  const { modelSpec: _m, trainerConfig: _t, prepare: _p, task: _k, classes: _c, summary: _s, confusion: _f, predictedVsActual: _v, ...summary } = view;
  return summary;
}

/** A reply the test lets through when it chooses (after an event that overtook it). */
function heldReply<T>(value: T) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  return { reply: async () => { await released; return value; }, release };
}

describe('runs store: replies older than the events that overtook them', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it("a run page whose runs.get reply left before the run's end shows it finished (fetched again)", async () => {
    const stale = heldReply(runView('running'));
    let fetchedAgain = 0;
    const { api, emit } = fakeApi({}, { 'runs.get': [stale.reply, async () => (fetchedAgain++, runView('completed'))] });
    window.api = api;
    const store = useRunsStore();
    const page = store.get(2, true);
    emit('run.updated', summaryOf(runView('completed')));
    stale.release();
    await page;
    expect(store.views[2]).toMatchObject({ status: 'completed', summary: { epochs: 5 } });
    expect(fetchedAgain).toBe(1);
    expect(store.active).toEqual([]);
  });

  it('the list keeps a finished run finished when a runs.list or runs.start reply says it is still going', async () => {
    const list = heldReply([summaryOf(runView('running'))]);
    const started = heldReply([summaryOf(runView('queued'))]);
    const { api, emit } = fakeApi({}, { 'runs.list': [list.reply], 'runs.start': [started.reply] });
    window.api = api;
    const store = useRunsStore();
    const starting = store.start(1, null, runView('queued').trainerConfig, [1]);
    const loading = store.load();
    emit('run.updated', summaryOf(runView('running')));
    emit('run.updated', summaryOf(runView('completed')));
    started.release();
    list.release();
    await Promise.all([starting, loading]);
    expect(store.list.map((r) => r.status)).toEqual(['completed']);
    expect(store.active).toEqual([]);
  });

  it('another run under the same id (a host restarted on another data file) is taken, not held for a stale reply', async () => {
    const other = { ...summaryOf(runView('queued')), createdAt: 99 };
    const { api, emit } = fakeApi({}, { 'runs.list': [async () => [other]] });
    window.api = api;
    const store = useRunsStore();
    emit('run.updated', summaryOf(runView('completed')));
    await store.load();
    expect(store.list).toEqual([other]);
  });
});
