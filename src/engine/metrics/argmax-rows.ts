import type { Matrix } from '../math/matrix';

/** The predicted class of each row: the index of its largest output (the first one on ties, as numpy). */
export function argmaxRows(m: Matrix): Int32Array {
  const out = new Int32Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    const o = i * m.cols;
    let best = 0;
    let bestValue = m.data[o];
    for (let j = 1; j < m.cols; j++) {
      const v = m.data[o + j];
      // NaN never wins, so a NaN in the first column yields the first non-NaN maximum instead.
      if (v > bestValue || (Number.isNaN(bestValue) && !Number.isNaN(v))) {
        best = j;
        bestValue = v;
      }
    }
    out[i] = best;
  }
  return out;
}
