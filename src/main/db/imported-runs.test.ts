import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveTrainerConfig } from '../../engine/catalog/trainer-config';
import type { RunOrigin } from '../../shared/run-origin';
import type { Store } from './open-store';
import type { ImportedRun } from './runs-repo';
import { isStoreError } from './store-error';
import { closeTempStore, countRows, dumpDatabase, fakeClock, openTempStore } from './test-kit';

/** Runs trained elsewhere enter the store finished, with their origin, metrics and artifacts, or not at all. */
let dir: string;
let file: string;
let store: Store;
let datasetId: number;

const CONFIG = resolveTrainerConfig({
  trainer: 'backprop', model: { layers: [] }, optimizer: { id: 'sgd', params: { lr: 0.1 } }, loss: { id: 'mse' }, batchSize: 8, epochs: 3,
}, 'regression', null);

const ORIGIN: RunOrigin = {
  label: 'PyTorch 1.13.0 · 2 processes (gloo, cpu)', engine: 'PyTorch', engineVersion: '1.13.0', processes: 2, backend: 'gloo',
  device: 'cpu', hosts: ['node-a'], sourceRunId: 7, importedAt: 5000,
};

function imported(overrides: Partial<ImportedRun> = {}): ImportedRun {
  return {
    run: { name: 'external', datasetId, modelSpec: CONFIG.model, trainerConfig: CONFIG, preprocessing: { task: 'regression' }, seed: 3, dataHash: 'h' },
    origin: ORIGIN,
    outcome: { status: 'completed', summary: { epochs: 2 }, trainMs: 1234, artifacts: [{ kind: 'model', json: { format: 'x' } }] },
    startedAt: 100,
    finishedAt: 1400,
    points: [1, 2].flatMap((epoch) => [
      { epoch, key: 'train.loss', value: 1 / epoch, elapsedMs: epoch * 50 },
      { epoch, key: 'val.loss', value: 2 / epoch, elapsedMs: epoch * 50 },
    ]),
    ...overrides,
  };
}

beforeEach(() => {
  ({ dir, file, store } = openTempStore({ now: fakeClock(1000) }));
  datasetId = store.datasets.insert({
    name: 'd', table: { rowCount: 1, columns: [{ name: 'x', kind: 'numeric', values: Float64Array.of(1) }] },
    columns: [{ inferredType: 'numeric', role: 'feature' }],
  });
});
afterEach(() => closeTempStore({ dir, file, store }));

describe('RunsRepo.importFinished', () => {
  it('stores the run finished, with where it ran, its times, metrics and artifacts', () => {
    const run = store.runs.importFinished(imported());
    expect(run).toMatchObject({
      status: 'completed', origin: ORIGIN, startedAt: 100, finishedAt: 1400, trainMs: 1234, summary: { epochs: 2 },
      progress: { epoch: 2, total: 2 },
    });
    expect(store.runs.readMetrics([run.id], ['val.loss']).map((p) => p.value)).toEqual([2, 1]);
    expect(store.runs.getArtifact(run.id, 'model')).toEqual({ kind: 'model', json: { format: 'x' } });
    expect(store.runs.list().map((r) => r.id)).toContain(run.id);
    // A local run has no origin, and re-running an imported run trains here.
    expect(store.runs.cloneConfig(run.id)).not.toHaveProperty('origin');
  });

  it('keeps nothing when any part fails (a repeated metric point, an unknown dataset, an unfinished state)', () => {
    const before = dumpDatabase(file);
    const repeated = imported({ points: [{ epoch: 1, key: 'train.loss', value: 1, elapsedMs: 1 }, { epoch: 1, key: 'train.loss', value: 2, elapsedMs: 2 }] });
    const attempts: ImportedRun[] = [
      repeated,
      imported({ run: { ...imported().run, datasetId: 999 } }),
      imported({ outcome: { ...imported().outcome, status: 'running' as 'completed' } }),
    ];
    const codes = attempts.map((a) => {
      try {
        store.runs.importFinished(a);
        return 'stored';
      } catch (e) {
        return isStoreError(e) ? e.code : String(e);
      }
    });
    expect(codes).toEqual(['INVALID_INPUT', 'NOT_FOUND', 'INVALID_INPUT']);
    expect(countRows(file, 'runs')).toBe(0);
    expect(dumpDatabase(file)).toBe(before);
  });
});
