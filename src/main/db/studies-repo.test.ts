import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveTrainerConfig } from '../../engine/catalog/trainer-config';
import type { Store } from './open-store';
import type { NewRun } from './runs-repo';
import { isStoreError } from './store-error';
import { closeTempStore, countRows, fakeClock, openTempStore } from './test-kit';

let dir: string;
let file: string;
let store: Store;
let datasetId: number;

const run = (seed: number, over: Partial<NewRun> = {}): NewRun => ({
  name: `r${seed}`, datasetId, trainerConfig: resolveTrainerConfig({ trainer: 'elm' }, 'classification', null),
  preprocessing: {}, seed, studyPoint: { c: seed }, ...over,
});

beforeEach(() => {
  ({ dir, file, store } = openTempStore({ now: fakeClock(1000) }));
  datasetId = store.datasets.insert({
    name: 'd',
    table: { rowCount: 1, columns: [{ name: 'x', kind: 'numeric', values: Float64Array.of(1) }] },
    columns: [{ inferredType: 'numeric', role: 'feature' }],
  });
});
afterEach(() => closeTempStore({ dir, file, store }));

describe('StudiesRepo', () => {
  it('stores a study with its queued runs, each linked to it with its point', () => {
    const { study, runs } = store.studies.create({ name: 's', datasetId, kind: 'sweep', spec: { axes: [] } }, [run(1), run(2)]);
    expect(store.studies.get(study.id)).toEqual({ id: study.id, name: 's', datasetId, kind: 'sweep', spec: { axes: [] }, createdAt: study.createdAt });
    expect(runs.map((r) => [r.status, r.studyId, r.studyPoint])).toEqual([['queued', study.id, { c: 1 }], ['queued', study.id, { c: 2 }]]);
    expect(store.runs.list({ studyId: study.id }).map((r) => r.id).sort()).toEqual(runs.map((r) => r.id).sort());
    // A run outside the study is not listed with it.
    store.runs.create(run(3));
    expect(store.runs.list({ studyId: study.id })).toHaveLength(2);
    expect(store.studies.list({ datasetId }).map((s) => s.id)).toEqual([study.id]);
  });

  it('stores nothing when one run cannot be created', () => {
    let error: unknown;
    try {
      store.studies.create({ name: 's', datasetId, kind: 'sweep', spec: {} }, [run(1), run(2, { modelId: 999 })]);
    } catch (e) {
      error = e;
    }
    expect(isStoreError(error) && error.code).toBe('NOT_FOUND');
    expect(countRows(file, 'studies')).toBe(0);
    expect(countRows(file, 'runs')).toBe(0);
  });

  it('refuses a kind the vocabulary does not have, and follows its dataset when deleted', () => {
    expect(() => store.studies.create({ name: 's', datasetId, kind: 'other' as 'sweep', spec: {} }, [])).toThrow(/CHECK constraint/);
    store.studies.create({ name: 's', datasetId, kind: 'elmTune', spec: {} }, [run(1)]);
    store.runs.transition(store.runs.list()[0].id, 'cancelled');
    store.datasets.delete(datasetId, { force: true });
    expect(countRows(file, 'studies')).toBe(0);
  });
});
