import type { Matrix } from '../math/matrix';
import { argmaxRows } from '../metrics/argmax-rows';
import { classificationReport } from '../metrics/classification';
import { regressionScores } from '../metrics/regression';
import type { PreparedSplits, SplitMetrics } from './types';

/**
 * One scoring path for every trainer, every epoch and every split, so a number in the run table means
 * the same thing whichever trainer produced it. Regression scores are in the target's own units.
 */
export type ScoreContext = Pick<PreparedSplits, 'task' | 'classes' | 'targetScale'>;

/** Predicted class per row: argmax, or for a single output column class 1 when it exceeds threshold. */
export function predictedClasses(out: Matrix, threshold: number): Int32Array {
  if (out.cols !== 1) return argmaxRows(out);
  return Int32Array.from(out.data, (v) => (v > threshold ? 1 : 0));
}

/** Targets back in original units (identity when the targets were not scaled). */
export function unscaleTargets(m: Matrix, ctx: ScoreContext): Matrix {
  const s = ctx.targetScale;
  if (!s) return m;
  const data = new Float64Array(m.rows * m.cols);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) data[i * m.cols + j] = m.data[i * m.cols + j] * s.scale[j] + s.offset[j];
  }
  return { rows: m.rows, cols: m.cols, data };
}

/**
 * Scores one split. `predictions` are class indices (classification) or a matrix of predicted, still
 * scaled targets (regression); `loss` is the mean training loss on that split; `logLoss` (classification) the
 * mean −log p(true class) of the model's probabilities, where they were computed.
 */
export function scoreSplit(
  ctx: ScoreContext, loss: number, targets: Matrix, predictions: Int32Array | Matrix, logLoss?: number,
): SplitMetrics {
  if (ctx.task === 'classification') {
    const m = classificationReport(argmaxRows(targets), predictions as Int32Array, ctx.classes.length);
    const scores: SplitMetrics = { loss, accuracy: m.accuracy, balancedAccuracy: m.balancedAccuracy };
    if (logLoss !== undefined) scores.logLoss = logLoss;
    return scores;
  }
  const m = regressionScores(unscaleTargets(targets, ctx), unscaleTargets(predictions as Matrix, ctx));
  return { loss, mse: m.mse, rmse: m.rmse, mae: m.mae, r2: m.r2 };
}
