import type { Matrix } from '../math/matrix';
import { argmaxRows } from './argmax-rows';

/**
 * Log-loss (mean −log of the probability given to the true class) is the one probability score every
 * classifier gets, whatever it minimised. This returns the sum over the rows, so a scorer can add chunks up;
 * `targets` are one-hot (k columns).
 */

/**
 * Σ −log p(true class) for p = softmax(scores / temperature), or σ(score) for a single logit column, computed
 * through log-sum-exp from the scores (exact where a probability would round to 0 or 1).
 */
export function logLossSumOfScores(scores: Matrix, targets: Matrix, temperature = 1): number {
  const truth = argmaxRows(targets);
  const { cols, data } = scores;
  let sum = 0;
  for (let i = 0; i < truth.length; i++) {
    if (cols === 1) {
      // −log σ(z) = softplus(−z) for class 1, −log(1 − σ(z)) = softplus(z) for class 0.
      const z = truth[i] === 1 ? -data[i] : data[i];
      sum += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
      continue;
    }
    const o = i * cols;
    let max = -Infinity;
    for (let j = 0; j < cols; j++) max = Math.max(max, data[o + j] / temperature);
    let total = 0;
    for (let j = 0; j < cols; j++) total += Math.exp(data[o + j] / temperature - max);
    sum += max + Math.log(total) - data[o + truth[i]] / temperature;
  }
  return sum;
}
