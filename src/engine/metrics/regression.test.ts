import { describe, expect, it } from 'vitest';
import { fromRows } from '../testing/matrix-rows';
import { regressionScores } from './regression';

describe('regressionScores', () => {
  it('matches the scikit-learn documentation example', () => {
    // sklearn.metrics.r2_score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]) = 0.948..., MSE 0.375, MAE 0.5.
    const s = regressionScores(fromRows([[3], [-0.5], [2], [7]]), fromRows([[2.5], [0], [2], [8]]));
    expect(s.mse).toBeCloseTo(0.375, 15);
    expect(s.rmse).toBeCloseTo(Math.sqrt(0.375), 15);
    expect(s.mae).toBeCloseTo(0.5, 15);
    // SS_res = 1.5, mean 2.875, SS_tot = 29.1875.
    expect(s.r2).toBeCloseTo(1 - 1.5 / 29.1875, 15);
  });

  it('averages R² over columns and defines a constant column as 1 if exact, else 0', () => {
    const yTrue = fromRows([[1, 5], [2, 5], [3, 5]]);
    // Column 0: errors 0, 0, -2 ⇒ SS_res 4, SS_tot 2, R² = -1.
    const exact = regressionScores(yTrue, fromRows([[1, 5], [2, 5], [5, 5]]));
    expect(exact.mse).toBeCloseTo(4 / 6, 15);
    expect(exact.mae).toBeCloseTo(2 / 6, 15);
    expect(exact.r2).toBeCloseTo((-1 + 1) / 2, 15);
    const off = regressionScores(yTrue, fromRows([[1, 5], [2, 5], [5, 6]]));
    expect(off.mse).toBeCloseTo(5 / 6, 15);
    expect(off.r2).toBeCloseTo((-1 + 0) / 2, 15);
  });

  it('rejects mismatched shapes and gives NaN for no rows', () => {
    expect(() => regressionScores(fromRows([[1], [2]]), fromRows([[1, 2]]))).toThrow();
    expect(Number.isNaN(regressionScores(fromRows([]), fromRows([])).mse)).toBe(true);
  });
});
