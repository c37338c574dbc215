import { describe, expect, it } from 'vitest';
import { Rng } from '../../math/random';
import { logLossSumOfScores } from '../../metrics/log-loss';
import { fromRows } from '../../testing/matrix-rows';
import { fitTemperature, TEMPERATURE_BOUNDS } from './calibration';

/** Noisy least-squares-like scores: near one-hot for the true class, with some rows wrong. */
function noisyScores(rows: number, k: number, noise: number, seed: number) {
  const rng = new Rng(seed);
  const scores: number[][] = [];
  const targets: number[][] = [];
  for (let i = 0; i < rows; i++) {
    const c = i % k;
    scores.push(Array.from({ length: k }, (_, j) => (j === c ? 1 : 0) + rng.uniform(-noise, noise)));
    targets.push(Array.from({ length: k }, (_, j) => (j === c ? 1 : 0)));
  }
  return { scores: fromRows(scores), targets: fromRows(targets) };
}

describe('fitTemperature', () => {
  it('finds the log-loss minimum that a brute-force grid over T finds', () => {
    const { scores, targets } = noisyScores(300, 3, 0.8, 4);
    const t = fitTemperature(scores, targets);
    let best = { t: NaN, loss: Infinity };
    for (let i = 0; i <= 40_000; i++) {
      const ti = Math.exp(Math.log(TEMPERATURE_BOUNDS.min) + (i / 40_000) * Math.log(TEMPERATURE_BOUNDS.max / TEMPERATURE_BOUNDS.min));
      const loss = logLossSumOfScores(scores, targets, ti);
      if (loss < best.loss) best = { t: ti, loss };
    }
    expect(t).toBeGreaterThan(TEMPERATURE_BOUNDS.min * 1.5);
    expect(t).toBeLessThan(1);
    expect(Math.abs(Math.log(t / best.t))).toBeLessThan(1e-3);
    expect(logLossSumOfScores(scores, targets, t)).toBeLessThanOrEqual(best.loss + 1e-9);
  });

  it('stops at the lower bound on separable rows, where the log-loss keeps falling as T → 0', () => {
    const { scores, targets } = noisyScores(60, 3, 0.1, 2);
    expect(fitTemperature(scores, targets)).toBeCloseTo(TEMPERATURE_BOUNDS.min, 6);
  });

  it('keeps T = 1 without rows', () => {
    expect(fitTemperature({ rows: 0, cols: 3, data: new Float64Array(0) }, { rows: 0, cols: 3, data: new Float64Array(0) })).toBe(1);
  });
});
