import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvents } from '../../shared/api';
import { useTestBackend } from './api-test-kit';

const api = useTestBackend();
const { call, value } = api;
let irisId: number;
let modelId: number;

beforeAll(async () => {
  irisId = (await value('datasets.import', { source: { sampleId: 'iris' }, importId: 'iris' })).id;
  modelId = (await value('models.create', { name: 'mlp', spec: { layers: [{ type: 'dense', units: 16 }, { type: 'activation', activation: 'relu' }] } })).id;
});

const BACKPROP = { trainer: 'backprop', optimizer: { id: 'sgd', params: { lr: 0.01 } }, loss: { id: 'crossEntropy' }, batchSize: 16, epochs: 5 };
const ELM = { trainer: 'elm', solver: 'ridge', activation: 'sigmoid', hiddenUnits: 60 };

function progressOf(jobId: string): { fractions: number[]; off: () => void } {
  const fractions: number[] = [];
  const off = api.backend.api.on('tune.progress', (p: ApiEvents['tune.progress']) => {
    if (p.jobId === jobId) fractions.push(p.fraction);
  });
  return { fractions, off };
}

describe('tune.learningRate', () => {
  it('runs the range test on the saved design and the dataset\'s split: rising rates, a suggestion on the falling part, progress events', async () => {
    const progress = progressOf('lr-1');
    const r = await value('tune.learningRate', { jobId: 'lr-1', datasetId: irisId, modelId, trainer: BACKPROP, seed: 1 });
    progress.off();
    expect(r.points.length).toBeGreaterThan(20);
    expect(r.points.every((p, i) => i === 0 || p.lr > r.points[i - 1].lr)).toBe(true);
    expect(r.points[0].lr).toBeCloseTo(1e-7, 12);
    const suggested = r.points.find((p) => p.lr === r.suggestion);
    expect(suggested).toBeDefined();
    // Before the lowest smoothed loss, and below where it started.
    const lowest = r.points.reduce((a, b) => (b.smoothed < a.smoothed ? b : a));
    expect(r.suggestion!).toBeLessThanOrEqual(lowest.lr);
    expect(suggested!.smoothed).toBeLessThan(r.points[0].smoothed);
    expect(progress.fractions.length).toBeGreaterThan(0);
    expect(progress.fractions.at(-1)!).toBeLessThanOrEqual(1);
    expect('status' in r).toBe(false);
  });

  it('refuses what it cannot test before starting an engine: an ELM, a bad setting, an unknown dataset', async () => {
    expect(await call('tune.learningRate', { jobId: 'lr-2', datasetId: irisId, modelId: null, trainer: ELM, seed: 1 }))
      .toMatchObject({ ok: false, error: { code: 'INVALID_CONFIG', details: { field: 'trainer' } } });
    expect(await call('tune.learningRate', { jobId: 'lr-3', datasetId: irisId, modelId, trainer: { ...BACKPROP, optimizer: { id: 'sgd', params: { lr: -1 } } }, seed: 1 }))
      .toMatchObject({ ok: false, error: { code: 'INVALID_CONFIG', details: { field: 'trainer.optimizer.params.lr' } } });
    expect(await call('tune.learningRate', { jobId: 'lr-4', datasetId: 9999, modelId, trainer: BACKPROP, seed: 1 }))
      .toMatchObject({ ok: false, error: { code: 'NOT_FOUND', details: { field: 'datasetId' } } });
  });

  it('is cancelled by its id (CANCELLED), refuses a second job with a running id, and says when there is nothing to cancel', async () => {
    const off = api.backend.api.on('tune.progress', ({ jobId }) => {
      if (jobId === 'lr-c') void call('tune.cancel', { jobId });
    });
    const first = call('tune.learningRate', { jobId: 'lr-c', datasetId: irisId, modelId, trainer: { ...BACKPROP, batchSize: 1 }, seed: 1 });
    expect(await call('tune.learningRate', { jobId: 'lr-c', datasetId: irisId, modelId, trainer: BACKPROP, seed: 1 }))
      .toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { field: 'jobId' } } });
    expect(await first).toEqual({ ok: false, error: { code: 'CANCELLED', message: 'the learning-rate range test was cancelled' } });
    off();
    expect(await value('tune.cancel', { jobId: 'lr-c' })).toEqual({ cancelled: false });
  });
});

describe('tune.elm', () => {
  it('computes the "Auto" curve up to the form\'s hidden units: the choice is the lowest leave-one-out error', async () => {
    const r = await value('tune.elm', { jobId: 'elm-1', datasetId: irisId, trainer: ELM, seed: 2 });
    const sizes = [...new Set(r.points.map((p) => p.hiddenUnits))];
    expect(Math.max(...sizes)).toBe(60);
    expect(r.points).toHaveLength(sizes.length * 10);
    const best = r.points.reduce((a, b) => (b.loo < a.loo ? b : a));
    expect([r.hiddenUnits, r.c]).toEqual([best.hiddenUnits, best.c]);
    expect(r.valMetric).toBe('accuracy');
    expect(r.points.every((p) => p.val !== null && p.val >= 0 && p.val <= 1)).toBe(true);
    expect(r.ms).toBeGreaterThan(0);
  });

  it('needs a ridge ELM', async () => {
    expect(await call('tune.elm', { jobId: 'elm-2', datasetId: irisId, trainer: { ...ELM, solver: 'pinv' }, seed: 2 }))
      .toMatchObject({ ok: false, error: { code: 'INVALID_CONFIG' } });
    expect(await call('tune.elm', { jobId: 'elm-3', datasetId: irisId, trainer: BACKPROP, seed: 2 }))
      .toMatchObject({ ok: false, error: { code: 'INVALID_CONFIG' } });
  });
});

describe('an "Auto" ELM run', () => {
  it('keeps the curve it chose from in its summary (what the run page draws), consistent with the model it trained', async () => {
    const [started] = await value('runs.start', { datasetId: irisId, modelId: null, trainer: { ...ELM, auto: true }, seeds: [4] });
    await api.backend.runs.idle();
    const run = await value('runs.get', { id: started.id });
    expect(run.status).toBe('completed');
    const selection = run.summary!.elm!.selection!;
    const best = selection.points.reduce((a, b) => (b.loo < a.loo ? b : a));
    expect([selection.hiddenUnits, selection.c]).toEqual([best.hiddenUnits, best.c]);
    // Iris: 4 inputs, 3 classes — k·4 input weights, k biases, k·3 output weights for the chosen k.
    expect(run.summary!.parameterCount).toBe(selection.hiddenUnits * 8);
    // The same data, settings and seed through tune.elm give the same curve.
    const preview = await value('tune.elm', { jobId: 'elm-run', datasetId: irisId, trainer: ELM, seed: 4 });
    expect(preview.points.map((p) => [p.hiddenUnits, p.c])).toEqual(selection.points.map((p) => [p.hiddenUnits, p.c]));
    preview.points.forEach((p, i) => expect(p.loo).toBeCloseTo(selection.points[i].loo, 10));
    expect([preview.hiddenUnits, preview.c]).toEqual([selection.hiddenUnits, selection.c]);
  });
});
