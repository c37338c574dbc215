import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Rng } from '../math/random';
import { macroArea, oneVsRest, precisionRecallCurve, rocCurve, thinCurve } from './curves';

const PYTHON = process.env.NW_PYTHON ?? '/usr/bin/python3';

/** AUC as the probability that a random positive outscores a random negative (ties count ½): every pair. */
function pairwiseAuc(scores: number[], positive: boolean[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((s, i) => {
    if (!positive[i]) return;
    scores.forEach((t, j) => {
      if (positive[j]) return;
      pairs++;
      wins += s > t ? 1 : s === t ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

/** Average precision by its definition: mean over positives of the precision among rows scored ≥ that positive. */
function bruteAveragePrecision(scores: number[], positive: boolean[]): number {
  let sum = 0;
  let count = 0;
  scores.forEach((s, i) => {
    if (!positive[i]) return;
    const above = scores.map((t, j) => [t, j] as const).filter(([t]) => t >= s);
    sum += above.filter(([, j]) => positive[j]).length / above.length;
    count++;
  });
  return sum / count;
}

/** Scores rounded to a grid so ties occur, with a truth that depends on them (a realistic, imperfect scorer). */
function sample(n: number, seed: number): { scores: number[]; positive: boolean[] } {
  const rng = new Rng(seed);
  const scores = Array.from({ length: n }, () => Math.round(rng.next() * 20) / 20);
  const positive = scores.map((s) => rng.next() < 0.2 + 0.6 * s);
  return { scores, positive };
}

describe('ROC and precision–recall curves', () => {
  it('ROC AUC equals the pairwise-ranking probability and average precision its definition, with ties', () => {
    for (const seed of [1, 2, 3]) {
      const { scores, positive } = sample(300, seed);
      expect(rocCurve(scores, positive).area).toBeCloseTo(pairwiseAuc(scores, positive), 12);
      expect(precisionRecallCurve(scores, positive).area).toBeCloseTo(bruteAveragePrecision(scores, positive), 12);
    }
  });

  it('draws the known curve of a small example (starts at 0,0 and ends at 1,1)', () => {
    // sklearn's roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) without its extra first point: fpr 0 0.5 0.5 1, tpr 0.5 0.5 1 1.
    const roc = rocCurve([0.1, 0.4, 0.35, 0.8], [false, false, true, true]);
    expect(roc.x).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(roc.y).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(roc.area).toBe(0.75);
    const pr = precisionRecallCurve([0.1, 0.4, 0.35, 0.8], [false, false, true, true]);
    expect(pr.x).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(pr.y).toEqual([1, 1, 0.5, 2 / 3, 0.5]);
    expect(pr.area).toBeCloseTo(0.5 + 0.5 * (2 / 3), 15);
  });

  it('has no area for a class without positive or without negative rows', () => {
    expect(rocCurve([0.2, 0.9], [false, false]).area).toBeNull();
    expect(precisionRecallCurve([0.2, 0.9], [true, true]).area).toBeNull();
    expect(macroArea([{ x: [], y: [], area: null }, { x: [], y: [], area: 0.5 }, { x: [], y: [], area: 1 }])).toBe(0.75);
  });

  it('thins a curve for drawing without moving its ends or its area', () => {
    const { scores, positive } = sample(500, 4);
    const roc = rocCurve(scores, positive);
    const thin = thinCurve(roc, 10);
    expect(thin.x).toHaveLength(10);
    expect([thin.x[0], thin.y[0], thin.x[9], thin.y[9]]).toEqual([0, 0, 1, 1]);
    expect(thin.area).toBe(roc.area);
  });

  it('matches scikit-learn (roc_auc_score, average_precision_score, one-vs-rest macro)', (ctx) => {
    const probe = spawnSync(PYTHON, ['-c', 'import sklearn, numpy'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      console.log(`skipped: ${PYTHON} with scikit-learn is not available (${(probe.stderr || probe.error?.message || '').trim().split('\n').at(-1)})`);
      ctx.skip();
    }
    const rng = new Rng(7);
    const rows = 400;
    const k = 4;
    const actual = Int32Array.from({ length: rows }, () => Math.floor(rng.next() * k));
    // Noisy probabilities that favour the true class; rounded so that ties occur.
    const data = new Float64Array(rows * k);
    for (let r = 0; r < rows; r++) {
      let sum = 0;
      for (let c = 0; c < k; c++) sum += data[r * k + c] = rng.next() + (c === actual[r] ? 0.6 : 0);
      for (let c = 0; c < k; c++) data[r * k + c] = Math.round((data[r * k + c] / sum) * 100) / 100;
    }
    const script = `
import json, sys, numpy as np
from sklearn.metrics import roc_auc_score, average_precision_score
d = json.load(sys.stdin)
y = np.array(d['y']); p = np.array(d['p']).reshape(-1, ${k})
onehot = np.eye(${k})[y]
print(json.dumps({
  'roc': [roc_auc_score(onehot[:, c], p[:, c]) for c in range(${k})],
  'ap': [average_precision_score(onehot[:, c], p[:, c]) for c in range(${k})],
  'macroAp': average_precision_score(onehot, p, average='macro'),
}))`;
    const out = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify({ y: Array.from(actual), p: Array.from(data) }), encoding: 'utf8' });
    expect(out.status, out.stderr).toBe(0);
    const ref = JSON.parse(out.stdout) as { roc: number[]; ap: number[]; macroAp: number };
    const scores = { rows, cols: k, data };
    const roc = oneVsRest(scores, actual, rocCurve);
    const pr = oneVsRest(scores, actual, precisionRecallCurve);
    roc.forEach((c, i) => expect(c.area).toBeCloseTo(ref.roc[i], 12));
    pr.forEach((c, i) => expect(c.area).toBeCloseTo(ref.ap[i], 12));
    expect(macroArea(pr)).toBeCloseTo(ref.macroAp, 12);
  });
});
