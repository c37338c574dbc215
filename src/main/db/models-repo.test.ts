import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateModelSpec } from '../../engine/catalog/model-spec';
import { resolveTrainerConfig } from '../../engine/catalog/trainer-config';
import type { Store } from './open-store';
import { closeTempStore, fakeClock, openTempStore } from './test-kit';

let dir: string;
let file: string;
let store: Store;

const SPEC = validateModelSpec({ layers: [{ type: 'dense', units: 16, initializer: 'heNormal' }, { type: 'dropout', rate: 0.2 }] });
const BATCH_NORM = validateModelSpec({ layers: [{ type: 'batchNorm' }] });

beforeEach(() => {
  ({ dir, file, store } = openTempStore({ now: fakeClock(100) }));
});
afterEach(() => closeTempStore({ dir, file, store }));

describe('ModelsRepo', () => {
  it('creates, reads, lists, updates and deletes', () => {
    const a = store.models.create('a', SPEC);
    const b = store.models.create('b', { layers: [] });
    expect(store.models.get(a.id)).toEqual({ id: a.id, name: 'a', spec: SPEC, createdAt: 100, updatedAt: 100 });
    expect(store.models.list().map((m) => m.name)).toEqual(['b', 'a']);

    const updated = store.models.update(a.id, { spec: BATCH_NORM });
    expect(updated).toMatchObject({ name: 'a', spec: { layers: [{ type: 'batchNorm' }] }, createdAt: 100 });
    expect(updated.updatedAt).toBeGreaterThan(b.updatedAt);
    expect(store.models.update(a.id, { name: 'renamed' }).spec).toEqual(BATCH_NORM);
    expect(store.models.list().map((m) => m.name)).toEqual(['renamed', 'b']);

    store.models.delete(b.id);
    expect(store.models.get(b.id)).toBeNull();
    for (const action of [() => store.models.delete(b.id), () => store.models.update(b.id, { name: 'x' })]) {
      expect(() => action()).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    }
  });

  it('unlinks, but keeps, the runs made from a deleted model', () => {
    const model = store.models.create('mlp', SPEC);
    const datasetId = store.datasets.insert({
      name: 'd',
      table: { rowCount: 1, columns: [{ name: 'x', kind: 'numeric', values: Float64Array.of(1) }] },
      columns: [{ inferredType: 'numeric', role: 'feature' }],
    });
    const run = store.runs.create({
      name: 'r', datasetId, modelId: model.id, modelSpec: SPEC, seed: 1, preprocessing: {},
      trainerConfig: resolveTrainerConfig({ trainer: 'backprop', optimizer: { id: 'sgd' }, loss: { id: 'mse' }, batchSize: 8, epochs: 1 }, 'regression', SPEC),
    });
    store.models.delete(model.id);
    const after = store.runs.get(run.id)!;
    expect(after.modelId).toBeNull();
    expect(after.modelSpec).toEqual(SPEC);
  });
});
