/**
 * Dense row-major matrices. Backprop runs in float32 for speed; gradient checks and the ELM's
 * normal equations use float64, so every helper is generic over the element type.
 */
export type FloatArray = Float32Array | Float64Array;
export type DType = 'float32' | 'float64';

export interface Matrix<T extends FloatArray = FloatArray> {
  readonly rows: number;
  readonly cols: number;
  readonly data: T;
}

export function allocArray(dtype: DType, length: number): FloatArray {
  return dtype === 'float64' ? new Float64Array(length) : new Float32Array(length);
}

export function dtypeOf(a: FloatArray): DType {
  return a instanceof Float64Array ? 'float64' : 'float32';
}

export function zeros(rows: number, cols: number, dtype: DType = 'float32'): Matrix {
  return { rows, cols, data: allocArray(dtype, rows * cols) };
}

export function castMatrix(m: Matrix, dtype: DType): Matrix {
  if (dtypeOf(m.data) === dtype) return m;
  const data = allocArray(dtype, m.data.length);
  data.set(m.data);
  return { rows: m.rows, cols: m.cols, data };
}

/** Copies the given rows (by index) of `src` into `dst`, which must have indices.length rows. */
export function gatherRows(src: Matrix, indices: ArrayLike<number>, dst: Matrix): void {
  const c = src.cols;
  const s = src.data;
  const d = dst.data;
  // A subarray view per row costs an allocation; for narrow rows an element loop is much cheaper.
  const byElement = c < GATHER_SET_MIN_COLS;
  for (let i = 0; i < indices.length; i++) {
    const from = indices[i] * c;
    if (byElement) for (let j = 0; j < c; j++) d[i * c + j] = s[from + j];
    else d.set(s.subarray(from, from + c), i * c);
  }
}

const GATHER_SET_MIN_COLS = 64;
