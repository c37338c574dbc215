import { allocArray, type DType, type Matrix } from '../math/matrix';

/** Matrices written as nested arrays, for tests: `fromRows([[1, 2], [3, 4]])` and back. Only tests import this. */
export function fromRows(rows: ArrayLike<number>[], dtype: DType = 'float64'): Matrix {
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0].length;
  const data = allocArray(dtype, r * c);
  for (let i = 0; i < r; i++) {
    if (rows[i].length !== c) throw new Error(`row ${i} has ${rows[i].length} values, expected ${c}`);
    for (let j = 0; j < c; j++) data[i * c + j] = rows[i][j];
  }
  return { rows: r, cols: c, data };
}

export function toRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}
