import { kernels } from '../math/kernels';
import { dtypeOf, type DType, type FloatArray, type Matrix } from '../math/matrix';
import type { Param } from './layer';

/**
 * The array a shorter batch matrix was cut from. Keeping it reachable from the cut also keeps a resident array
 * (Kernels.allocate, freed when collected) allocated for as long as any view of it is in use.
 */
const storageOf = new WeakMap<FloatArray, FloatArray>();
/** The cuts made of each storage array, by length: a layer switching between two batch sizes makes each once. */
const cutsOf = new WeakMap<FloatArray, Map<number, FloatArray>>();

/** The first `length` elements of `storage`, as a view that keeps it alive. */
function cut(storage: FloatArray, length: number): FloatArray {
  if (length === storage.length) return storage;
  const cuts = cutsOf.get(storage) ?? cutsOf.set(storage, new Map()).get(storage)!;
  let data = cuts.get(length);
  if (!data) {
    data = storage.subarray(0, length);
    storageOf.set(data, storage);
    cuts.set(length, data);
  }
  return data;
}

/**
 * Returns `current` when it already has `rows` rows, else a matrix of `rows` rows on the same memory when that
 * is large enough, else a new one: layers keep one buffer per role, and an epoch's shorter last batch or a
 * validation pass of another size does not reallocate it (and the next full batch takes it back). Every
 * caller overwrites the whole matrix, so its contents are undefined. New buffers are the kernels' own, so
 * that kernel calls on them copy nothing.
 */
export function batchMatrix(current: Matrix | null, rows: number, cols: number, dtype: DType): Matrix {
  if (current !== null && current.rows === rows && current.cols === cols) return current;
  const length = rows * cols;
  const storage = current && (storageOf.get(current.data) ?? current.data);
  if (storage && dtypeOf(storage) === dtype && storage.length >= length) return { rows, cols, data: cut(storage, length) };
  return { rows, cols, data: kernels().allocate(dtype, length) };
}

/** Fails early on a wrong width or element type, which would otherwise corrupt results silently. */
export function checkInput(layer: string, x: Matrix, inputSize: number, dtype: DType): void {
  if (x.cols !== inputSize) throw new Error(`${layer}: expected ${inputSize} input columns, got ${x.cols}`);
  if (dtypeOf(x.data) !== dtype) throw new Error(`${layer}: expected ${dtype} input, got ${dtypeOf(x.data)}`);
}

/** A zero-filled parameter with a gradient of the same shape and type, both where the kernels work in place. */
export function makeParam(name: string, shape: readonly number[], dtype: DType): Param {
  const length = shape.reduce((a, b) => a * b, 1);
  const k = kernels();
  return { name, shape, value: k.allocate(dtype, length), grad: k.allocate(dtype, length) };
}
