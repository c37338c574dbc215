import type { Matrix } from '../math/matrix';

export interface RegressionScores {
  mse: number;
  rmse: number;
  mae: number;
  /** Coefficient of determination, averaged uniformly over output columns. */
  r2: number;
}

/**
 * MSE, RMSE and MAE over all elements, and R² = 1 − SS_res/SS_tot per output column, averaged.
 * A constant y_true column has SS_tot = 0; like scikit-learn (force_finite) its R² is 1 when it is
 * predicted exactly and 0 otherwise, so the score stays finite. No rows gives NaN everywhere.
 */
export function regressionScores(yTrue: Matrix, yPred: Matrix): RegressionScores {
  if (yTrue.rows !== yPred.rows || yTrue.cols !== yPred.cols) {
    throw new Error(`shape ${yTrue.rows}×${yTrue.cols} of y_true differs from ${yPred.rows}×${yPred.cols} of y_pred`);
  }
  const { rows, cols } = yTrue;
  if (rows === 0 || cols === 0) return { mse: NaN, rmse: NaN, mae: NaN, r2: NaN };
  let squared = 0;
  let absolute = 0;
  let r2Sum = 0;
  for (let j = 0; j < cols; j++) {
    let mean = 0;
    for (let i = 0; i < rows; i++) mean += yTrue.data[i * cols + j];
    mean /= rows;
    let ssRes = 0;
    let ssTot = 0;
    for (let i = 0; i < rows; i++) {
      const t = yTrue.data[i * cols + j];
      const e = t - yPred.data[i * cols + j];
      ssRes += e * e;
      absolute += Math.abs(e);
      ssTot += (t - mean) * (t - mean);
    }
    squared += ssRes;
    r2Sum += ssTot === 0 ? (ssRes === 0 ? 1 : 0) : 1 - ssRes / ssTot;
  }
  const mse = squared / (rows * cols);
  return { mse, rmse: Math.sqrt(mse), mae: absolute / (rows * cols), r2: r2Sum / cols };
}
