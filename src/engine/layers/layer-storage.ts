import { allocArray, dtypeOf, type DType, type Matrix } from '../math/matrix';
import type { Param } from './layer';

/**
 * Returns `current` when it already has `rows` rows, else a matrix of `rows` rows on the same memory when that
 * is large enough, else a new one: layers keep one buffer per role, and an epoch's shorter last batch or a
 * validation pass of another size does not reallocate it (and the next full batch takes it back). Every
 * caller overwrites the whole matrix, so its contents are undefined.
 */
export function batchMatrix(current: Matrix | null, rows: number, cols: number, dtype: DType): Matrix {
  if (current !== null && current.rows === rows && current.cols === cols) return current;
  const length = rows * cols;
  const memory = current?.data.buffer;
  if (current && dtypeOf(current.data) === dtype && memory instanceof ArrayBuffer && memory.byteLength >= length * current.data.BYTES_PER_ELEMENT) {
    return { rows, cols, data: dtype === 'float64' ? new Float64Array(memory, 0, length) : new Float32Array(memory, 0, length) };
  }
  return { rows, cols, data: allocArray(dtype, length) };
}

/** Fails early on a wrong width or element type, which would otherwise corrupt results silently. */
export function checkInput(layer: string, x: Matrix, inputSize: number, dtype: DType): void {
  if (x.cols !== inputSize) throw new Error(`${layer}: expected ${inputSize} input columns, got ${x.cols}`);
  if (dtypeOf(x.data) !== dtype) throw new Error(`${layer}: expected ${dtype} input, got ${dtypeOf(x.data)}`);
}

/** A zero-filled parameter with a gradient of the same shape and type. */
export function makeParam(name: string, shape: readonly number[], dtype: DType): Param {
  const length = shape.reduce((a, b) => a * b, 1);
  return { name, shape, value: allocArray(dtype, length), grad: allocArray(dtype, length) };
}
