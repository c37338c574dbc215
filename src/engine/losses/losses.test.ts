import { describe, expect, it } from 'vitest';
import { zeros, type Matrix } from '../math/matrix';
import { fromRows } from '../testing/matrix-rows';
import { Rng } from '../math/random';
import { resolveChoice } from '../catalog/choice';
import { idsOf, ParamError } from '../catalog/fields';
import { LOSSES, type LossId } from '../catalog/losses';
import { createLoss } from './create-loss';
import type { Loss } from './loss';

/** A loss from raw settings, through the catalog's resolver as the API and CLI do. */
const resolveLoss = (id: string, params?: Record<string, unknown>) => resolveChoice(LOSSES, { id, params }, 'loss');
const build = (id: string, params?: Record<string, unknown>): Loss => createLoss(resolveLoss(id, params));

const H = 1e-6;

function random(rows: number, cols: number, rng: Rng, draw: (r: Rng) => number): Matrix {
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, () => draw(rng)) };
}

function oneHot(rows: number, cols: number, rng: Rng): Matrix {
  const m = zeros(rows, cols, 'float64');
  for (let i = 0; i < rows; i++) m.data[i * cols + rng.int(cols)] = 1;
  return m;
}

function softTargets(rows: number, cols: number, rng: Rng): Matrix {
  const m = random(rows, cols, rng, (r) => r.uniform(0.1, 1));
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += m.data[i * cols + j];
    for (let j = 0; j < cols; j++) m.data[i * cols + j] /= s;
  }
  return m;
}

const value = (loss: Loss, o: Matrix, t: Matrix): number => loss.compute(o, t, null);
const sigma = (z: number): number => 1 / (1 + Math.exp(-z));

/** Naive references, written straight from the definitions (no stabilisation). */
const reference: Record<LossId, (o: number[][], t: number[][]) => number> = {
  mse: (o, t) => mean(o.flatMap((r, i) => r.map((v, j) => (v - t[i][j]) ** 2))),
  mae: (o, t) => mean(o.flatMap((r, i) => r.map((v, j) => Math.abs(v - t[i][j])))),
  huber: (o, t) => mean(o.flatMap((r, i) => r.map((v, j) => {
    const d = Math.abs(v - t[i][j]);
    return d < 1 ? 0.5 * d * d : d - 0.5;
  }))),
  crossEntropy: (z, t) => mean(z.map((row, i) => {
    const e = row.map(Math.exp);
    const s = e.reduce((a, b) => a + b, 0);
    return -row.reduce((acc, _, j) => acc + t[i][j] * Math.log(e[j] / s), 0);
  })),
  binaryCrossEntropy: (z, t) => mean(z.flatMap((r, i) => r.map((v, j) => -(t[i][j] * Math.log(sigma(v)) + (1 - t[i][j]) * Math.log(1 - sigma(v)))))),
};

function mean(v: number[]): number {
  return v.reduce((a, b) => a + b, 0) / v.length;
}

function rows(m: Matrix): number[][] {
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
}

/** Outputs and targets suited to each loss, with regression residuals kept away from the kinks at 0 and ±δ. */
function sample(id: LossId, seed: number, r = 5, c = 3): { o: Matrix; t: Matrix } {
  const rng = new Rng(seed);
  switch (id) {
    case 'crossEntropy': return { o: random(r, c, rng, (g) => g.normal(0, 2)), t: seed % 2 ? oneHot(r, c, rng) : softTargets(r, c, rng) };
    case 'binaryCrossEntropy': return { o: random(r, c, rng, (g) => g.normal(0, 2)), t: random(r, c, rng, (g) => (g.next() < 0.5 ? 0 : 1)) };
    default: {
      const t = random(r, c, rng, (g) => g.normal());
      const o = { ...t, data: t.data.map((v) => v + (rng.next() < 0.5 ? -1 : 1) * (rng.next() < 0.5 ? rng.uniform(0.05, 0.9) : rng.uniform(1.1, 3))) };
      return { o, t };
    }
  }
}

const ids = idsOf(LOSSES);

describe.each(ids)('%s', (id) => {
  const loss = build(id);

  it('matches the formula written out naively', () => {
    for (const seed of [1, 2, 3]) {
      const { o, t } = sample(id, seed);
      expect(value(loss, o, t)).toBeCloseTo(reference[id](rows(o), rows(t)), 12);
    }
  });

  it('has a gradient that matches central finite differences', () => {
    for (const seed of [4, 5]) {
      const { o, t } = sample(id, seed);
      const grad = zeros(o.rows, o.cols, 'float64');
      loss.compute(o, t, grad);
      let diff = 0;
      let norm = 0;
      for (let i = 0; i < o.data.length; i++) {
        const keep = o.data[i];
        o.data[i] = keep + H;
        const plus = value(loss, o, t);
        o.data[i] = keep - H;
        const minus = value(loss, o, t);
        o.data[i] = keep;
        const numeric = (plus - minus) / (2 * H);
        diff += (grad.data[i] - numeric) ** 2;
        norm += grad.data[i] ** 2 + numeric ** 2;
      }
      expect(norm).toBeGreaterThan(0);
      expect(Math.sqrt(diff / norm)).toBeLessThan(1e-6);
    }
  });

  it('stays finite with huge outputs (±1000)', () => {
    const o = fromRows([[1000, -1000, 0], [-1000, 1000, 1000]]);
    const t = fromRows([[0, 1, 0], [1, 0, 0]]);
    const grad = zeros(2, 3, 'float64');
    const v = loss.compute(o, t, grad);
    expect(Number.isFinite(v)).toBe(true);
    expect(Array.from(grad.data).every(Number.isFinite)).toBe(true);
    expect(v).toBeGreaterThan(100);
  });

  it('works in float32 and for a single row', () => {
    const { o, t } = sample(id, 6, 1, 4);
    const o32 = { ...o, data: Float32Array.from(o.data) };
    const t32 = { ...t, data: Float32Array.from(t.data) };
    const g32 = zeros(1, 4, 'float32');
    expect(loss.compute(o32, t32, g32)).toBeCloseTo(reference[id](rows(o32), rows(t32)), 5);
    expect(Array.from(g32.data).every(Number.isFinite)).toBe(true);
  });

  it('rejects mismatched shapes', () => {
    expect(() => loss.compute(zeros(2, 3), zeros(2, 2), null)).toThrow(/target/);
    expect(() => loss.compute(zeros(2, 3), zeros(2, 3), zeros(3, 3))).toThrow(/gradient/);
  });
});

describe('loss specifics', () => {
  it('crossEntropy on huge logits gives the exact margin loss', () => {
    // −log softmax for logits (1000, −1000, 0) and target class 1 is 2000 + log(1 + e^−1000 + e^−2000) ≈ 2000.
    const v = build('crossEntropy').compute(fromRows([[1000, -1000, 0]]), fromRows([[0, 1, 0]]), null);
    expect(v).toBeCloseTo(2000, 9);
  });

  it('crossEntropy gradient is (softmax − target)/N for one-hot rows', () => {
    const z = fromRows([[1, 2, 3], [0, 0, 0]]);
    const t = fromRows([[0, 0, 1], [1, 0, 0]]);
    const g = zeros(2, 3, 'float64');
    build('crossEntropy').compute(z, t, g);
    const s = [Math.exp(1), Math.exp(2), Math.exp(3)];
    const total = s[0] + s[1] + s[2];
    const expected = [s[0] / total / 2, s[1] / total / 2, (s[2] / total - 1) / 2, (1 / 3 - 1) / 2, 1 / 6, 1 / 6];
    expected.forEach((e, i) => expect(g.data[i]).toBeCloseTo(e, 12));
  });

  it('binaryCrossEntropy of z = ±1000 is 1000 when wrong and 0 when right', () => {
    const loss = build('binaryCrossEntropy');
    expect(loss.compute(fromRows([[1000]]), fromRows([[0]]), null)).toBe(1000);
    expect(loss.compute(fromRows([[-1000]]), fromRows([[0]]), null)).toBe(0);
  });

  it('mae has subgradient 0 at a zero residual; huber is linear beyond delta', () => {
    const g = zeros(1, 2, 'float64');
    build('mae').compute(fromRows([[1, 2]]), fromRows([[1, 0]]), g);
    expect(Array.from(g.data)).toEqual([0, 0.5]);
    const huber = build('huber', { delta: 0.5 });
    const hg = zeros(1, 2, 'float64');
    // Residuals 3 (beyond δ: δ·(|d| − δ/2), slope δ) and −0.2 (inside: d²/2, slope d), averaged over 2.
    expect(huber.compute(fromRows([[3, -0.2]]), fromRows([[0, 0]]), hg)).toBeCloseTo((0.5 * (3 - 0.25) + 0.5 * 0.04) / 2, 12);
    expect(hg.data[0]).toBeCloseTo(0.5 / 2, 12);
    expect(hg.data[1]).toBeCloseTo(-0.2 / 2, 12);
  });

  it('registry: fused activations, tasks, param validation', () => {
    expect(build('crossEntropy').fusedActivation).toBe('softmax');
    expect(build('binaryCrossEntropy').fusedActivation).toBe('sigmoid');
    expect(build('mse').fusedActivation).toBeNull();
    expect(LOSSES.crossEntropy.tasks).toEqual(['classification']);
    expect(LOSSES.huber.tasks).toEqual(['regression']);
    expect(() => resolveLoss('huber', { delta: 0 })).toThrow(ParamError);
    expect(() => resolveLoss('mse', { delta: 1 })).toThrow(ParamError);
    expect(() => resolveLoss('hinge')).toThrow(/unknown loss/);
    for (const entry of Object.values(LOSSES)) expect(entry.help.length).toBeGreaterThan(10);
  });
});
