import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveTrainerConfig } from '../../engine/catalog/trainer-config';
import { openStore, type Store } from './open-store';
import type { RunStatus } from '../../shared/run-status';
import type { MetricPoint, NewRun } from './runs-repo';
import { isStoreError } from './store-error';
import { artifactKinds, closeTempStore, countRows, dumpDatabase, fakeClock, openTempStore } from './test-kit';

let dir: string;
let file: string;
let store: Store;
let datasetId: number;

const CONFIG = resolveTrainerConfig({
  trainer: 'backprop',
  model: { layers: [{ type: 'dense', units: 8 }, { type: 'activation', activation: 'relu' }] },
  optimizer: { id: 'adam', params: { lr: 0.001 } },
  loss: { id: 'crossEntropy' },
  batchSize: 32,
  epochs: 10,
}, 'classification', null);

beforeEach(() => {
  ({ dir, file, store } = openTempStore({ now: fakeClock(1000) }));
  datasetId = store.datasets.insert({
    name: 'd',
    table: { rowCount: 1, columns: [{ name: 'x', kind: 'numeric', values: Float64Array.of(1) }] },
    columns: [{ inferredType: 'numeric', role: 'feature' }],
  });
});
afterEach(() => closeTempStore({ dir, file, store }));

function newRun(overrides: Partial<NewRun> = {}): NewRun {
  return {
    name: 'run', datasetId, modelSpec: CONFIG.model, trainerConfig: CONFIG, preprocessing: { scale: 'standard' },
    seed: 42, dataHash: 'abc', ...overrides,
  };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (isStoreError(err)) return err.code;
    throw err;
  }
  return undefined;
}

const points = (epoch: number): MetricPoint[] => [
  { epoch, key: 'train.loss', value: 1 / epoch, elapsedMs: epoch * 10 },
  { epoch, key: 'val.loss', value: 2 / epoch, elapsedMs: epoch * 10 },
];

describe('RunsRepo lifecycle', () => {
  it('creates queued runs and stamps start and finish times on transitions', () => {
    const run = store.runs.create(newRun());
    expect(run).toMatchObject({
      status: 'queued', datasetId, modelId: null, seed: 42, dataHash: 'abc', trainerConfig: CONFIG,
      modelSpec: CONFIG.model, preprocessing: { scale: 'standard' }, startedAt: null, finishedAt: null,
      progress: { epoch: 0, total: 0 },
    });
    const running = store.runs.transition(run.id, 'running');
    expect(running.status).toBe('running');
    expect(running.startedAt).toBeGreaterThan(run.createdAt);
    expect(running.finishedAt).toBeNull();

    const done = store.runs.finish(run.id, {
      status: 'completed',
      summary: { test: { accuracy: 0.9 } },
      trainMs: 123.5,
      artifacts: [{ kind: 'model', json: { layers: [], mean: [1, 2] } }],
    });
    expect(done).toMatchObject({ status: 'completed', summary: { test: { accuracy: 0.9 } }, trainMs: 123.5, error: null });
    expect(done.finishedAt).toBeGreaterThan(running.startedAt!);
    expect(store.runs.getArtifact(run.id, 'model')).toEqual({ kind: 'model', json: { layers: [], mean: [1, 2] } });
    expect(store.runs.getArtifact(run.id, 'predictions')).toBeNull();
    expect(artifactKinds(file, run.id)).toEqual(['model']);
  });

  it('allows only the documented transitions', () => {
    const allowed: Record<RunStatus, RunStatus[]> = {
      queued: ['running', 'cancelled', 'failed', 'interrupted'],
      running: ['completed', 'cancelled', 'diverged', 'failed', 'interrupted'],
      completed: [], cancelled: [], diverged: [], failed: [], interrupted: [],
    };
    const states = Object.keys(allowed) as RunStatus[];
    const reach = (state: RunStatus): number => {
      const id = store.runs.create(newRun()).id;
      if (state === 'queued') return id;
      if (state !== 'cancelled' && state !== 'failed' && state !== 'interrupted') store.runs.transition(id, 'running');
      if (state !== 'running') store.runs.transition(id, state);
      return id;
    };
    for (const from of states) {
      for (const to of states) {
        const id = reach(from);
        expect(store.runs.get(id)!.status).toBe(from);
        const code = codeOf(() => store.runs.transition(id, to));
        expect([from, to, code]).toEqual([from, to, allowed[from].includes(to) ? undefined : 'INVALID_TRANSITION']);
        expect(store.runs.get(id)!.status).toBe(allowed[from].includes(to) ? to : from);
      }
    }
    expect(codeOf(() => store.runs.transition(9999, 'running'))).toBe('NOT_FOUND');
  });

  it('records the error of a failed run and refuses to finish a run that is not running', () => {
    const id = store.runs.create(newRun()).id;
    expect(codeOf(() => store.runs.finish(id, { status: 'completed', summary: {}, trainMs: 1 }))).toBe('INVALID_TRANSITION');
    store.runs.transition(id, 'running');
    const failed = store.runs.transition(id, 'failed', 'out of memory');
    expect([failed.status, failed.error]).toEqual(['failed', 'out of memory']);
    expect(failed.finishedAt).not.toBeNull();
  });

  it('saves nothing of a finish whose artifacts fail', () => {
    const id = store.runs.create(newRun()).id;
    store.runs.transition(id, 'running');
    const before = dumpDatabase(file);
    expect(() =>
      store.runs.finish(id, {
        status: 'completed',
        summary: { ok: true },
        trainMs: 5,
        artifacts: [{ kind: 'model', json: { layers: [] } }, { kind: 'bogus' as 'model', json: {} }],
      }),
    ).toThrow(/CHECK/);
    expect(dumpDatabase(file)).toBe(before);
    expect(store.runs.get(id)!.status).toBe('running');
  });

  it('refuses unknown datasets and models on create', () => {
    expect(codeOf(() => store.runs.create(newRun({ datasetId: 999 })))).toBe('NOT_FOUND');
    expect(codeOf(() => store.runs.create(newRun({ modelId: 999 })))).toBe('NOT_FOUND');
  });
});

describe('RunsRepo metrics', () => {
  it('appends batches and reads them back per run and key, NaN and Infinity included', () => {
    const a = store.runs.create(newRun({ name: 'a' })).id;
    const b = store.runs.create(newRun({ name: 'b' })).id;
    store.runs.appendMetrics(a, points(1), { epoch: 1, total: 10 });
    store.runs.appendMetrics(a, [...points(2), { epoch: 2, key: 'lr', value: Number.NaN, elapsedMs: 20 }]);
    store.runs.appendMetrics(b, [{ epoch: 1, key: 'train.loss', value: Infinity, elapsedMs: 5 }]);
    expect(store.runs.get(a)!.progress).toEqual({ epoch: 1, total: 10 });

    const all = store.runs.readMetrics([a, b]);
    expect(all.map((m) => [m.runId, m.key, m.epoch, m.value])).toEqual([
      [a, 'lr', 2, Number.NaN],
      [a, 'train.loss', 1, 1], [a, 'train.loss', 2, 0.5],
      [a, 'val.loss', 1, 2], [a, 'val.loss', 2, 1],
      [b, 'train.loss', 1, Infinity],
    ]);
    expect(store.runs.readMetrics([a, b], ['train.loss']).map((m) => [m.runId, m.epoch, m.elapsedMs])).toEqual([
      [a, 1, 10], [a, 2, 20], [b, 1, 5],
    ]);
    expect(store.runs.readMetrics([b], [])).toEqual([]);
    expect(store.runs.readMetrics([])).toEqual([]);
  });

  it('keeps nothing of a batch that repeats a stored (key, epoch)', () => {
    const id = store.runs.create(newRun()).id;
    store.runs.appendMetrics(id, points(1));
    const before = dumpDatabase(file);
    const batch = [...points(2), { epoch: 1, key: 'val.loss', value: 9, elapsedMs: 9 }];
    expect(codeOf(() => store.runs.appendMetrics(id, batch, { epoch: 2, total: 10 }))).toBe('INVALID_INPUT');
    expect(dumpDatabase(file)).toBe(before);
    expect(codeOf(() => store.runs.appendMetrics(9999, points(1)))).toBe('NOT_FOUND');
  });
});

describe('RunsRepo listing, renaming, deleting', () => {
  it('filters by dataset, model, status and name', () => {
    const model = store.models.create('mlp', CONFIG.model);
    const other = store.datasets.insert({
      name: 'other',
      table: { rowCount: 0, columns: [{ name: 'x', kind: 'numeric', values: new Float64Array(0) }] },
      columns: [{ inferredType: 'numeric', role: 'feature' }],
    });
    const r1 = store.runs.create(newRun({ name: 'Alpha 50%' })).id;
    const r2 = store.runs.create(newRun({ name: 'beta', modelId: model.id })).id;
    const r3 = store.runs.create(newRun({ name: 'gamma', datasetId: other })).id;
    store.runs.transition(r2, 'running');
    const ids = (filter: Parameters<Store['runs']['list']>[0]) => store.runs.list(filter).map((r) => r.id);
    expect(ids({})).toEqual([r3, r2, r1]);
    expect(ids({ datasetId })).toEqual([r2, r1]);
    expect(ids({ modelId: model.id })).toEqual([r2]);
    expect(ids({ status: ['running'] })).toEqual([r2]);
    expect(ids({ status: ['queued', 'running'], datasetId })).toEqual([r2, r1]);
    expect(ids({ nameContains: 'ALPHA 50%' })).toEqual([r1]);
    expect(ids({ nameContains: '%' })).toEqual([r1]);
    expect(ids({ limit: 1, offset: 1 })).toEqual([r2]);
  });

  it('keeps tags (trimmed, distinct) and notes, each changed on its own, and they survive reopening the file', () => {
    const id = store.runs.create(newRun()).id;
    expect([store.runs.get(id)!.tags, store.runs.get(id)!.notes]).toEqual([[], '']);
    store.runs.annotate(id, { tags: [' baseline ', 'sgd', 'baseline', ''] });
    store.runs.annotate(id, { notes: 'lr too high; try 0.01' });
    expect([store.runs.get(id)!.tags, store.runs.get(id)!.notes]).toEqual([['baseline', 'sgd'], 'lr too high; try 0.01']);
    store.runs.annotate(id, { tags: [] });
    expect(store.runs.get(id)!.notes).toBe('lr too high; try 0.01');
    store.runs.annotate(id, { tags: ['final'] });
    store.close();
    store = openStore({ file, now: fakeClock(2000) });
    expect(store.runs.get(id)!.tags).toEqual(['final']);
    expect(codeOf(() => store.runs.annotate(9999, { notes: 'x' }))).toBe('NOT_FOUND');
  });

  it('renames and deletes with metrics and artifacts, but not while active', () => {
    const id = store.runs.create(newRun()).id;
    const keep = store.runs.create(newRun({ name: 'keep' })).id;
    store.runs.rename(id, 'renamed <b>');
    expect(store.runs.get(id)!.name).toBe('renamed <b>');
    store.runs.appendMetrics(id, points(1));
    store.runs.appendMetrics(keep, points(1));
    expect(codeOf(() => store.runs.delete(id))).toBe('RUN_ACTIVE');
    store.runs.transition(id, 'running');
    expect(codeOf(() => store.runs.delete(id))).toBe('RUN_ACTIVE');
    store.runs.finish(id, { status: 'diverged', summary: { loss: null }, trainMs: 3, error: 'loss is NaN',
      artifacts: [{ kind: 'model', json: { layers: [] } }] });
    store.runs.delete(id);
    expect(store.runs.get(id)).toBeNull();
    expect(countRows(file, 'run_metrics')).toBe(2);
    expect(countRows(file, 'run_artifacts')).toBe(0);
    expect(codeOf(() => store.runs.delete(id))).toBe('NOT_FOUND');
    expect(codeOf(() => store.runs.rename(id, 'x'))).toBe('NOT_FOUND');
  });

  it('creates several runs in one transaction: one bad run and none is stored', () => {
    const before = countRows(file, 'runs');
    expect(codeOf(() => store.runs.createMany([newRun(), newRun(), { ...newRun(), modelId: 999 }]))).toBe('NOT_FOUND');
    expect(countRows(file, 'runs')).toBe(before);
    const made = store.runs.createMany([newRun(), newRun()]);
    expect(made.map((r) => r.status)).toEqual(['queued', 'queued']);
    expect(countRows(file, 'runs')).toBe(before + 2);
  });

  it('marks queued and running runs interrupted at start-up and reports how many', () => {
    const queued = store.runs.create(newRun()).id;
    const running = store.runs.create(newRun()).id;
    const done = store.runs.create(newRun()).id;
    store.runs.transition(running, 'running');
    store.runs.transition(done, 'cancelled');
    store.close();
    store = openStore({ file, now: fakeClock(5000) });
    expect(store.runs.markInterrupted('the app closed before the run finished')).toBe(2);
    expect([queued, running, done].map((id) => store.runs.get(id)!.status)).toEqual(['interrupted', 'interrupted', 'cancelled']);
    expect(store.runs.get(running)!.finishedAt).toBe(5000);
    expect(store.runs.get(running)!.error).toMatch(/closed/);
    expect(store.runs.markInterrupted('the app closed before the run finished')).toBe(0);
  });

  it('clones a run configuration into a new queued run', () => {
    const model = store.models.create('mlp', CONFIG.model);
    const original = store.runs.create(newRun({ name: 'orig', modelId: model.id }));
    const config = store.runs.cloneConfig(original.id);
    expect(config).toEqual({
      name: 'orig (copy)', datasetId, modelId: model.id, modelSpec: CONFIG.model, trainerConfig: CONFIG,
      preprocessing: { scale: 'standard' }, seed: 42, dataHash: 'abc',
    });
    const copy = store.runs.create({ ...config, seed: 7 });
    expect(copy).toMatchObject({ status: 'queued', seed: 7, trainerConfig: CONFIG });
    expect(copy.id).not.toBe(original.id);
  });
});
