import { describe, expect, it } from 'vitest';
import { prepareSplits, type PrepareOptions } from '../../data/prepare';
import { resolveTrainerConfig } from '../../catalog/trainer-config';
import type { Table, Task } from '../../data/table';
import { blobsTable, linearTable } from '../../testing/synthetic-table';
import type { BackpropConfig, EpochRecord, PreparedSplits } from '../types';
import { trainBackprop } from './train-backprop';

const classification = (table: Table, seed = 1): PreparedSplits =>
  prepareSplits(table, {
    target: 'species', task: 'classification', scaling: 'standard', oneHot: true, targetScaling: 'standard',
    split: { kind: 'ratio', train: 0.6, val: 0.2, test: 0.2 }, seed,
  }).splits;

const regressionOptions: PrepareOptions = {
  target: 'y', task: 'regression', scaling: 'standard', oneHot: true, targetScaling: 'standard',
  split: { kind: 'ratio', train: 0.7, val: 0.15, test: 0.15 }, seed: 3,
};

/** A small MLP config from raw settings, resolved by the catalog for the task as the API does. */
const mlp = (overrides: Record<string, unknown> = {}, task: Task = 'classification'): BackpropConfig => resolveTrainerConfig({
  trainer: 'backprop',
  model: { layers: [{ type: 'dense', units: 16 }, { type: 'activation', activation: 'relu' }] },
  optimizer: { id: 'adam', params: { lr: 0.01 } },
  loss: { id: 'crossEntropy' },
  batchSize: 16,
  epochs: 30,
  ...overrides,
}, task, null);

function allNumbers(records: EpochRecord[]): number[] {
  const out: number[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'number') out.push(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(records);
  return out;
}

describe('trainBackprop', () => {
  it('learns separable classes and records every epoch', async () => {
    const splits = classification(blobsTable(300, 7));
    const seen: number[] = [];
    const r = await trainBackprop(splits, mlp(), 0, { onEpoch: (e) => seen.push(e.epoch) });
    expect(r.status).toBe('completed');
    expect(r.records).toHaveLength(30);
    expect(seen).toEqual(r.records.map((x) => x.epoch));
    expect(r.records[29].train.loss).toBeLessThan(r.records[0].train.loss);
    expect(r.final!.test!.accuracy).toBeGreaterThan(0.9);
    const stats = r.records[0].layers;
    expect(stats.map((s) => s.layer)).toEqual([0, 2]);
    for (const s of stats) expect(s.gradNorm).toBeGreaterThan(0);
  });

  it('fits a linear regression and reports RMSE in the target units', async () => {
    const { splits } = prepareSplits(linearTable(400, 2, 0.1), regressionOptions);
    const r = await trainBackprop(splits, mlp({ model: { layers: [] }, loss: { id: 'mse' }, epochs: 60 }, 'regression'), 0);
    // y has std ≈ 3.6; a linear model recovers it up to the noise (σ = 0.1).
    expect(r.final!.test!.rmse).toBeLessThan(0.2);
    expect(r.final!.test!.r2).toBeGreaterThan(0.99);
  });

  it('is deterministic for a seed and differs across seeds', async () => {
    const splits = classification(blobsTable(120, 3));
    const cfg = mlp({ epochs: 5, model: { layers: [{ type: 'dense', units: 8 }, { type: 'dropout', rate: 0.3 }, { type: 'activation', activation: 'tanh' }] } });
    const a = await trainBackprop(splits, cfg, 42);
    const b = await trainBackprop(splits, cfg, 42);
    const c = await trainBackprop(splits, cfg, 43);
    const weights = (r: typeof a) => [...r.network.namedArrays().values()].map((w) => Array.from(w));
    expect(weights(a)).toEqual(weights(b));
    expect(a.records.map((x) => x.train.loss)).toEqual(b.records.map((x) => x.train.loss));
    expect(weights(a)).not.toEqual(weights(c));
  });

  it('stops as diverged with a huge learning rate and keeps NaN out of the records', async () => {
    const { splits } = prepareSplits(linearTable(200, 5), regressionOptions);
    const r = await trainBackprop(splits, mlp({ optimizer: { id: 'sgd', params: { lr: 1e3 } }, loss: { id: 'mse' }, epochs: 50 }, 'regression'), 0);
    expect(r.status).toBe('diverged');
    expect(r.divergence).not.toBeNull();
    expect(r.divergence!.epoch).toBeGreaterThanOrEqual(1);
    expect(r.records.length).toBeLessThan(50);
    expect(r.divergence!.message).toMatch(/epoch \d+/);
    for (const v of allNumbers(r.records)) expect(Number.isFinite(v)).toBe(true);
  });

  it('cancels at the next yield and returns the partial result', async () => {
    // Large enough that one epoch of single-row batches outlasts the 20 ms between yields on any machine.
    const splits = classification(blobsTable(30_000, 4));
    let yields = 0;
    let stop = false;
    const r = await trainBackprop(splits, mlp({ batchSize: 1, epochs: 20 }), 0, {
      yieldNow: async () => {
        yields++;
        stop = true;
      },
      shouldStop: () => stop,
    });
    expect(r.status).toBe('cancelled');
    // The stop was requested at the first yield, inside epoch 1, so no epoch completed.
    expect(yields).toBe(1);
    expect(r.records).toHaveLength(0);
    expect(r.final).not.toBeNull();
  });

  it('stops early, restores the best epoch and steps the schedule', async () => {
    const splits = classification(blobsTable(90, 9));
    const r = await trainBackprop(splits, mlp({
      epochs: 200, optimizer: { id: 'adam', params: { lr: 0.05 } },
      earlyStopping: { patience: 3, minDelta: 0, restoreBest: true },
      schedule: { id: 'step', params: { stepSize: 2, gamma: 0.5 } },
    }), 0);
    expect(r.stoppedEarly).toBe(true);
    expect(r.records.length).toBe(r.bestEpoch! + 3);
    expect(r.final!.val!.loss).toBeCloseTo(r.records[r.bestEpoch! - 1].val!.loss, 5);
    expect(r.records[2].lr).toBeCloseTo(0.025, 12);
    expect(r.records[4].lr).toBeCloseTo(0.0125, 12);
  });

  it('clips the global gradient norm', async () => {
    const splits = classification(blobsTable(60, 2));
    const base = mlp({ epochs: 1, batchSize: 60, optimizer: { id: 'sgd', params: { lr: 1 } } });
    const free = await trainBackprop(splits, base, 0, {}, 'float64');
    const clipped = await trainBackprop(splits, { ...base, clipping: { mode: 'norm', value: 1e-3 } }, 0, {}, 'float64');
    // One full-batch SGD step of lr 1 on a gradient clipped to norm 1e-3 moves the weights by at most 1e-3.
    const init = await trainBackprop(splits, { ...base, epochs: 0 }, 0, {}, 'float64');
    const moved = (r: typeof free) => {
      let s = 0;
      for (const [k, w] of r.network.namedArrays()) {
        const w0 = init.network.namedArrays().get(k)!;
        for (let i = 0; i < w.length; i++) s += (w[i] - w0[i]) ** 2;
      }
      return Math.sqrt(s);
    };
    expect(moved(clipped)).toBeLessThanOrEqual(1e-3 + 1e-12);
    expect(moved(free)).toBeGreaterThan(1e-2);
  });

  it('trains a binary target through a single sigmoid unit', async () => {
    const t = blobsTable(200, 6);
    const species = t.columns[5] as { codes: Int32Array };
    species.codes.forEach((c, i) => (species.codes[i] = c === 0 ? 0 : 1));
    const table: Table = { ...t, columns: [...t.columns.slice(0, 5), { ...t.columns[5], categories: ['a', 'b'] } as Table['columns'][number]] };
    const r = await trainBackprop(classification(table), mlp({ loss: { id: 'binaryCrossEntropy' } }), 0);
    expect(r.network.layers.at(-1)!.type).toBe('activation');
    expect(r.network.outputSize).toBe(1);
    expect(r.final!.test!.accuracy).toBeGreaterThan(0.9);
    // Binary cross-entropy is the log-loss of [1 − p, p]: the probability score must equal the loss it minimised.
    expect(r.final!.val!.logLoss).toBeCloseTo(r.final!.val!.loss, 5);
  });

  it('reports the validation log-loss every epoch and on every split at the end: for cross-entropy it is the loss', async () => {
    const splits = classification(blobsTable(150, 5));
    const ce = await trainBackprop(splits, mlp({ epochs: 5 }), 0);
    for (const rec of ce.records) expect(rec.val!.logLoss).toBeCloseTo(rec.val!.loss, 5);
    for (const split of ['train', 'val', 'test'] as const) expect(ce.final![split]!.logLoss).toBeCloseTo(ce.final![split]!.loss, 5);
  });

  it('ends a run whose loss spikes and whose predictions collapse to one class as diverged (collapse), with its epoch', async () => {
    const splits = classification(blobsTable(600, 3));
    const config = mlp({ model: { layers: [{ type: 'dense', units: 8 }, { type: 'activation', activation: 'relu' }] }, optimizer: { id: 'sgd', params: { lr: 20, momentum: 0 } }, epochs: 15 });
    const r = await trainBackprop(splits, config, 0);
    expect(r.status).toBe('diverged');
    expect(r.divergence).toMatchObject({ kind: 'collapse', epoch: 2, layer: null });
    expect(r.divergence!.message).toMatch(/predicts '\w+' for every row since epoch 2; lower the learning rate/);
    // It ended after the recovery window, not at the end of the 15 epochs.
    expect(r.records.length).toBeLessThan(15);
    const sane = await trainBackprop(splits, mlp({ optimizer: { id: 'sgd', params: { lr: 1, momentum: 0 } }, epochs: 15 }), 0);
    expect(sane.status).toBe('completed');
  });

  it('rejects a loss that does not suit the task', async () => {
    // The catalog refuses the pairing before a run starts; the output head rule refuses it for data of the other task.
    expect(() => mlp({ loss: { id: 'crossEntropy' } }, 'regression')).toThrow(/regression/);
    const { splits } = prepareSplits(linearTable(50, 1), regressionOptions);
    await expect(trainBackprop(splits, mlp({ loss: { id: 'crossEntropy' } }), 0)).rejects.toThrow(/regression/);
  });
});
