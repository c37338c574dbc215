import { InputError } from '../../catalog/input-error';
import { ELM_ACTIVATIONS } from '../../catalog/activations';
import { decodeArray, encodeArray, type EncodedArray } from '../../math/encode';
import { kernels } from '../../math/kernels';
import type { FloatArray, Matrix } from '../../math/matrix';
import type { ElmConfig } from '../types';

export type ElmActivation = ElmConfig['activation'];
type ProjectionActivation = Exclude<ElmActivation, 'rbf'>;

/** Random hidden layer: h = g(x·W + b) with W stored inputs × units. */
interface ProjectionHidden {
  activation: ProjectionActivation;
  weights: Matrix<Float64Array>;
  biases: Float64Array;
}

/** Gaussian RBF hidden layer: h_j = exp(−γ_j‖x − c_j‖²), centre c_j in column j of `centres` (inputs × units). */
interface RbfHidden {
  activation: 'rbf';
  centres: Matrix<Float64Array>;
  widths: Float64Array;
}

export type ElmHidden = ProjectionHidden | RbfHidden;

/**
 * A trained ELM: the fixed random hidden layer, the solved output weights β (units × outputs) and, for
 * classification, the temperature T of its probabilities softmax(H·β / T) (1 for regression; see calibration.ts).
 */
export interface ElmWeights {
  hidden: ElmHidden;
  beta: Matrix<Float64Array>;
  temperature: number;
}

function hiddenUnits(hidden: ElmHidden): number {
  return hidden.activation === 'rbf' ? hidden.centres.cols : hidden.weights.cols;
}

function inputSize(hidden: ElmHidden): number {
  return hidden.activation === 'rbf' ? hidden.centres.rows : hidden.weights.rows;
}

const float32Copies = new WeakMap<Float64Array, Float32Array>();

/**
 * A hidden-layer parameter array in the element type of `like`. Float32 inputs (all prepared data) then run
 * X·W in float32, the SIMD kernels' fast path at twice the float64 rate; H's entries only feed a float64
 * solve, where float32 rounding of random features costs nothing in accuracy. The copy is made once per
 * array: hidden weights never change after they are drawn.
 */
function inTypeOf(like: FloatArray, data: Float64Array): FloatArray {
  if (like instanceof Float64Array) return data;
  let copy = float32Copies.get(data);
  if (!copy) {
    copy = Float32Array.from(data);
    float32Copies.set(data, copy);
  }
  return copy;
}

/**
 * H = g(X·W + b) for `rows` rows of x (row-major), written to out (rows × units), computed in x's element
 * type (out must have the same one). Training and prediction both come through here, so a model sees the
 * same H at both. RBF distances use ‖x − c‖² = ‖x‖² − 2x·c + ‖c‖² so the costly part is one gemm.
 */
export function hiddenForward<T extends FloatArray>(hidden: ElmHidden, x: T, rows: number, out: T): void {
  const d = inputSize(hidden);
  const units = hiddenUnits(hidden);
  if (hidden.activation !== 'rbf') {
    kernels().gemm(x, inTypeOf(x, hidden.weights.data), out, rows, d, units);
    kernels().biasActivation(out, inTypeOf(x, hidden.biases), out, rows, units, hidden.activation, 0);
    return;
  }
  const c = hidden.centres.data;
  kernels().gemm(x, inTypeOf(x, c), out, rows, d, units);
  const centreSq = new Float64Array(units);
  for (let p = 0; p < d; p++) for (let j = 0; j < units; j++) centreSq[j] += c[p * units + j] * c[p * units + j];
  for (let i = 0; i < rows; i++) {
    let xSq = 0;
    for (let p = 0; p < d; p++) xSq += x[i * d + p] * x[i * d + p];
    const o = i * units;
    for (let j = 0; j < units; j++) {
      // Rounding can make the expanded distance slightly negative for x ≈ c.
      const dist = Math.max(0, xSq - 2 * out[o + j] + centreSq[j]);
      out[o + j] = Math.exp(-hidden.widths[j] * dist);
    }
  }
}

/** Rows per block in elmForward, so H never needs more than FORWARD_CHUNK × units at once. */
const FORWARD_CHUNK = 1024;

/** Raw outputs H·β (class scores, or scaled regression values), float64; H in x's element type as in training. */
export function elmForward(weights: ElmWeights, x: Matrix): Matrix<Float64Array> {
  const d = inputSize(weights.hidden);
  if (x.cols !== d) throw new Error(`the ELM expects ${d} input columns, got ${x.cols}`);
  const units = hiddenUnits(weights.hidden);
  const k = weights.beta.cols;
  const out = new Float64Array(x.rows * k);
  const block = Math.min(FORWARD_CHUNK, x.rows);
  const Ctor = x.data instanceof Float64Array ? Float64Array : Float32Array;
  const hb = new Ctor(block * units);
  // H·β in float64 (β often has large entries that cancel): a float32 H is widened first, exactly.
  const hWide = hb instanceof Float64Array ? hb : new Float64Array(block * units);
  for (let start = 0; start < x.rows; start += block) {
    const rows = Math.min(block, x.rows - start);
    hiddenForward(weights.hidden, x.data.subarray(start * d, (start + rows) * d), rows, hb);
    if (hWide !== hb) hWide.set(hb.subarray(0, rows * units));
    kernels().gemm(hWide, weights.beta.data, out.subarray(start * k, (start + rows) * k), rows, units, k);
  }
  return { rows: x.rows, cols: k, data: out };
}

export interface SerializedElm {
  format: 'elm';
  version: 1;
  activation: ElmActivation;
  /** weights (projection) or centres (rbf), shape [inputs, units]. */
  inputWeights: EncodedArray;
  /** biases (projection) or widths γ (rbf), shape [units]. */
  unitParams: EncodedArray;
  /** shape [units, outputs]. */
  beta: EncodedArray;
  /** Temperature of the class probabilities; absent in files written before calibration, read as 1 (as they behaved). */
  temperature?: number;
}

export function serializeElm(w: ElmWeights): SerializedElm {
  const h = w.hidden;
  const matrix = h.activation === 'rbf' ? h.centres : h.weights;
  const vector = h.activation === 'rbf' ? h.widths : h.biases;
  return {
    format: 'elm',
    version: 1,
    activation: h.activation,
    inputWeights: encodeArray(matrix.data, [matrix.rows, matrix.cols]),
    unitParams: encodeArray(vector, [vector.length]),
    beta: encodeArray(w.beta.data, [w.beta.rows, w.beta.cols]),
    temperature: w.temperature,
  };
}

function decodeMatrix(enc: EncodedArray | undefined, what: string): Matrix<Float64Array> {
  const data = enc ? decodeArray(enc) : null;
  if (!enc?.shape || enc.shape.length !== 2 || !(data instanceof Float64Array)) {
    throw new InputError('INVALID_MODEL', `ELM model: ${what} must be a float64 matrix with a 2-d shape`);
  }
  return { rows: enc.shape[0], cols: enc.shape[1], data };
}

/** Inverse of serializeElm; checks the format and that the shapes fit together. */
export function deserializeElm(value: SerializedElm): ElmWeights {
  if (value?.format !== 'elm' || value.version !== 1) throw new InputError('INVALID_MODEL', 'not a version 1 ELM model');
  if (!Object.hasOwn(ELM_ACTIVATIONS, value.activation)) throw new InputError('INVALID_MODEL', `ELM model: unknown activation "${String(value.activation)}"`);
  const matrix = decodeMatrix(value.inputWeights, 'inputWeights');
  const beta = decodeMatrix(value.beta, 'beta');
  const vector = value.unitParams ? decodeArray(value.unitParams) : null;
  if (!(vector instanceof Float64Array) || vector.length !== matrix.cols || beta.rows !== matrix.cols) {
    throw new InputError('INVALID_MODEL', `ELM model: ${matrix.cols} hidden units, but unitParams or beta do not match`);
  }
  const temperature = value.temperature ?? 1;
  if (typeof temperature !== 'number' || !(temperature > 0) || !Number.isFinite(temperature)) {
    throw new InputError('INVALID_MODEL', `ELM model: temperature must be a positive number, got ${String(temperature)}`);
  }
  const hidden: ElmHidden = value.activation === 'rbf'
    ? { activation: 'rbf', centres: matrix, widths: vector }
    : { activation: value.activation, weights: matrix, biases: vector };
  return { hidden, beta, temperature };
}
