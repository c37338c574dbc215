import { beforeAll, describe, expect, it } from 'vitest';
import { countRows } from '../db/test-kit';
import { useTestBackend } from './api-test-kit';

const api = useTestBackend();
const { call, value } = api;
let irisId: number;

beforeAll(async () => {
  irisId = (await value('datasets.import', { source: { sampleId: 'iris' }, importId: 'iris' })).id;
});

const ELM = { trainer: 'elm', solver: 'ridge', activation: 'sigmoid' };

describe('studies', () => {
  it('queues every point × seed of an ELM sweep, tracks it from its runs and ranks the results', async () => {
    const created = await value('studies.create', {
      datasetId: irisId, modelId: null, trainer: ELM, seeds: [0, 1], sample: { kind: 'grid' },
      axes: [{ setting: 'c', range: { start: 0.01, end: 100, scale: 'log', count: 2 } }, { setting: 'hidden-units', values: [5, 40] }],
    });
    expect(created.runs).toHaveLength(8);
    expect(created.progress.total).toBe(8);
    expect(created.runs.map((r) => r.point)).toContainEqual({ c: 0.01, 'hidden-units': 40 });
    // Each point with both seeds, and the run's config is the point's.
    for (const row of created.runs) {
      const run = await value('runs.get', { id: row.run.id });
      if (run.trainerConfig.trainer !== 'elm') throw new Error('expected an ELM run');
      expect(run.trainerConfig.c).toBe(row.point.c);
      expect(run.trainerConfig.hiddenUnits).toBe(row.point['hidden-units']);
      expect(run.studyId).toBe(created.id);
    }
    expect(created.runs.filter((r) => r.point.c === 100 && r.point['hidden-units'] === 5).map((r) => r.run.seed).sort()).toEqual([0, 1]);

    await api.backend.runs.idle();
    const study = await value('studies.get', { id: created.id });
    expect(study.progress).toMatchObject({ state: 'finished', finished: 8, failed: 0, remainingMs: 0 });
    expect(study.scoreKey).toBe('val.accuracy');
    for (const row of study.runs) {
      const run = await value('runs.get', { id: row.run.id });
      expect(row.run.status).toBe('completed');
      // An ELM's one validation score is its summary's; its parameter count too.
      expect(row.best?.value).toBe(run.summary?.val?.accuracy);
      expect(row.last).toBe(run.summary?.val?.accuracy);
      expect(row.parameterCount).toBe(run.summary?.parameterCount);
    }
    const top = Math.max(...study.runs.map((r) => r.best!.value));
    expect(study.target).toBeCloseTo(top * 0.99, 12);
    const reached = study.runs.filter((r) => r.best!.value >= study.target!);
    expect(reached.length).toBeGreaterThan(0);
    for (const r of study.runs) expect(r.timeToTargetMs === null).toBe(r.best!.value < study.target!);

    const listed = await value('studies.list', { datasetId: irisId });
    expect(listed.map((s) => s.id)).toContain(created.id);
  }, 120_000);

  it('refuses a study with one bad point before anything is stored', async () => {
    const file = api.backend.store.file;
    const before = { studies: countRows(file, 'studies'), runs: countRows(file, 'runs') };
    const r = await call('studies.create', {
      datasetId: irisId, modelId: null, trainer: ELM, seeds: [0], sample: { kind: 'grid' },
      axes: [{ setting: 'c', values: [1, -1] }],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INVALID_CONFIG');
    expect(r.error.message).toMatch(/^c=-1: c: must be > 0/);
    expect({ studies: countRows(file, 'studies'), runs: countRows(file, 'runs') }).toEqual(before);
  });

  it('refuses a setting of the other trainer and a study too large', async () => {
    const other = await call('studies.create', {
      datasetId: irisId, modelId: null, trainer: ELM, seeds: [0], sample: { kind: 'grid' }, axes: [{ setting: 'lr', values: [0.1] }],
    });
    expect(!other.ok && other.error.message).toMatch(/lr is a setting of the backprop trainer/);
    const large = await call('studies.create', {
      datasetId: irisId, modelId: null, trainer: ELM, seeds: [0, 1, 2, 3, 4, 5], sample: { kind: 'grid' },
      axes: [{ setting: 'c', range: { start: 1, end: 100, scale: 'log', count: 100 } }],
    });
    expect(!large.ok && large.error.message).toMatch(/600 runs \(100 points × 6 seeds\); at most 500/);
  });

  it('cancels the queued and running runs of a study', async () => {
    const design = { layers: [{ type: 'dense', units: 16 }, { type: 'activation', activation: 'relu' }] };
    const study = await value('studies.create', {
      datasetId: irisId, modelId: null, seeds: [0], sample: { kind: 'random', count: 4, seed: 7 },
      trainer: { trainer: 'backprop', model: design, optimizer: { id: 'sgd' }, loss: { id: 'crossEntropy' }, batchSize: 1, epochs: 20_000 },
      axes: [{ setting: 'lr', range: { start: 1e-4, end: 1e-2, scale: 'log', count: 10 } }, { setting: 'width', values: [8, 16] }],
    });
    expect(study.runs).toHaveLength(4);
    // The random points are drawn inside the range and the design follows the width.
    for (const row of study.runs) {
      expect(row.point.lr).toBeGreaterThanOrEqual(1e-4);
      expect(row.point.lr).toBeLessThanOrEqual(1e-2);
      const run = await value('runs.get', { id: row.run.id });
      expect(run.modelSpec?.layers[0]).toMatchObject({ type: 'dense', units: row.point.width });
    }
    await new Promise<void>((resolve) => {
      const off = api.backend.runs.on('run.updated', (r) => {
        if (r.status === 'running' && r.studyId === study.id) {
          off();
          resolve();
        }
      });
    });
    const cancelled = await value('studies.cancel', { id: study.id });
    expect(cancelled.progress.state).toBe('cancelled');
    const runs = (await value('studies.get', { id: study.id })).runs;
    expect(runs.map((r) => r.run.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
  }, 60_000);
});
