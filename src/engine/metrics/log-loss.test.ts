import { describe, expect, it } from 'vitest';
import { fromRows } from '../testing/matrix-rows';
import { logLossSumOfScores } from './log-loss';

const oneHot = (classes: number[], k: number) => fromRows(classes.map((c) => Array.from({ length: k }, (_, j) => (j === c ? 1 : 0))));

describe('log-loss', () => {
  it('from scores equals the log-loss of softmax(scores / T), even where a probability underflows', () => {
    const scores = [[2, -1, 0.5], [0.1, 0.3, -4], [3, 3, 3]];
    const truth = [0, 2, 1];
    for (const t of [1, 0.3, 5]) {
      const probs = scores.map((row) => {
        const e = row.map((v) => Math.exp(v / t));
        const s = e.reduce((a, b) => a + b, 0);
        return e.map((v) => v / s);
      });
      const expected = truth.reduce((s, c, i) => s - Math.log(probs[i][c]), 0);
      expect(logLossSumOfScores(fromRows(scores), oneHot(truth, 3), t)).toBeCloseTo(expected, 12);
    }
    // p(true) = e^-1000 / (1 + e^-1000): its −log is 1000, where the probability itself rounds to 0.
    expect(logLossSumOfScores(fromRows([[1000, 0]]), oneHot([1], 2))).toBeCloseTo(1000, 9);
  });

  it('from a single logit column is −log σ(z) for class 1 and −log(1 − σ(z)) for class 0', () => {
    const sigma = (z: number) => 1 / (1 + Math.exp(-z));
    const sum = logLossSumOfScores(fromRows([[1.5], [-0.4], [40]]), oneHot([1, 1, 0], 2));
    expect(sum).toBeCloseTo(-Math.log(sigma(1.5)) - Math.log(sigma(-0.4)) + 40, 9);
  });
});
