import type { Matrix } from '../../math/matrix';
import { logLossSumOfScores } from '../../metrics/log-loss';

/**
 * Calibrated ELM probabilities by temperature scaling (Guo et al., 2017): p = softmax(scores / T). The
 * least-squares scores are not logits (on one-hot targets they sit near 0 and 1), so softmax(scores) is far
 * too flat; one scalar T, fitted by minimising the log-loss on held-out rows, fixes the scale without
 * changing any predicted class.
 */

/**
 * Bounds of T. Separable held-out rows drive the optimum towards T → 0 (ever more confident), so the search
 * stops at 1e-2 (scores 100× sharper); 1e2 is flatter than any useful model.
 */
export const TEMPERATURE_BOUNDS = { min: 1e-2, max: 1e2 } as const;

/** Golden-section steps in log T: the bracket shrinks by 0.618 each, from ln(1e4) ≈ 9.2 to below 1e-6. */
const STEPS = 40;

/**
 * The T in TEMPERATURE_BOUNDS that minimises the log-loss of softmax(scores / T) on rows whose one-hot
 * targets are given. The log-loss is convex in 1/T (log-sum-exp of a linear function), hence unimodal in
 * log T, so a golden-section search finds its minimum in the bounds. Without rows T stays 1.
 */
export function fitTemperature(scores: Matrix, targets: Matrix): number {
  if (scores.rows === 0 || scores.cols < 2) return 1;
  const loss = (logT: number) => logLossSumOfScores(scores, targets, Math.exp(logT));
  const ratio = (Math.sqrt(5) - 1) / 2;
  let lo = Math.log(TEMPERATURE_BOUNDS.min);
  let hi = Math.log(TEMPERATURE_BOUNDS.max);
  let a = hi - ratio * (hi - lo);
  let b = lo + ratio * (hi - lo);
  let fa = loss(a);
  let fb = loss(b);
  for (let i = 0; i < STEPS; i++) {
    if (fa <= fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - ratio * (hi - lo);
      fa = loss(a);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + ratio * (hi - lo);
      fb = loss(b);
    }
  }
  return Math.exp((lo + hi) / 2);
}
