import { allocArray, dtypeOf, type DType, type Matrix } from '../math/matrix';
import type { Param } from './layer';

/**
 * Returns `current` when it already has `rows` rows, otherwise a fresh zeroed matrix: layers keep one
 * buffer per role and only reallocate when the batch size changes (e.g. the last, shorter batch).
 */
export function batchMatrix(current: Matrix | null, rows: number, cols: number, dtype: DType): Matrix {
  if (current !== null && current.rows === rows) return current;
  return { rows, cols, data: allocArray(dtype, rows * cols) };
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
