/**
 * The predictors of a model file as ONNX nodes, computed the way the app computes them (src/engine/layers,
 * src/engine/trainers/elm/elm-model.ts): networks in float32 (dense as Gemm or MatMul, every layer activation,
 * batch norm in inference form with its running statistics, dropout an identity); the ELM's random hidden layer in
 * float32 and H·β in float64.
 */
import { activationAlpha, type LayerActivationId } from '../../../engine/catalog/activations';
import { decodeArray, type EncodedArray } from '../../../engine/math/encode';
import type { FloatArray } from '../../../engine/math/matrix';
import type { NetworkPredictor } from '../../../engine/model/trained-model';
import type { ElmActivation, ElmWeights } from '../../../engine/trainers/elm/elm-model';
import type { OnnxGraph } from './onnx-graph';

type Activation = LayerActivationId | ElmActivation;

/** f(x) for a float32 (or float64) value; every activation the engine offers (RBF is a distance, see elmHidden). */
function activationNode(
  g: OnnxGraph, x: string, activation: Exclude<Activation, 'rbf'>, alpha: number, type: 'float32' | 'float64' = 'float32',
): string {
  const scalar = (hint: string, v: number): string =>
    g.constant(hint, type === 'float32' ? Float32Array.of(v) : Float64Array.of(v), [1]);
  switch (activation) {
    case 'linear': return x;
    case 'relu': return g.op('Relu', [x]);
    case 'leakyRelu': return g.op('LeakyRelu', [x], { attributes: { alpha: { float: alpha } } });
    case 'elu': return g.op('Elu', [x], { attributes: { alpha: { float: alpha } } });
    case 'gelu': {
      // Opset 17 has no Gelu: the exact (erf) form, PyTorch's default and the engine's.
      const erf = g.op('Erf', [g.op('Div', [x, scalar('sqrt2', Math.SQRT2)])]);
      const half = g.op('Mul', [x, scalar('half', 0.5)]);
      return g.op('Mul', [half, g.op('Add', [erf, scalar('one', 1)])], { hint: 'gelu' });
    }
    case 'sigmoid': return g.op('Sigmoid', [x]);
    case 'tanh': return g.op('Tanh', [x]);
    case 'softmax': return g.op('Softmax', [x], { attributes: { axis: { int: 1 } } });
    case 'sin': return g.op('Sin', [x]);
    case 'hardlim': return g.cast(g.op('GreaterOrEqual', [x, scalar('zero', 0)]), type, 'hardlim');
  }
}

function weightArray(weights: Record<string, EncodedArray>, key: string): FloatArray {
  const encoded = weights[key];
  if (!encoded) throw new Error(`the model file has no weights "${key}"`);
  return decodeArray(encoded);
}

const asFloat32 = (a: ArrayLike<number>): Float32Array => (a instanceof Float32Array ? a : Float32Array.from(a));

/** The network's layers on x (float32 [N, inputSize]); returns its float32 output and width. */
export function networkGraph(g: OnnxGraph, x: string, p: NetworkPredictor): { value: string; width: number } {
  let width = p.inputSize;
  let h = x;
  p.layers.forEach((spec, i) => {
    const w = (name: string) => asFloat32(weightArray(p.weights, `${i}.${name}`));
    if (spec.type === 'dense') {
      const weight = g.constant(`layer${i}_weight`, w('weight'), [width, spec.units]);
      h = spec.bias
        ? g.op('Gemm', [h, weight, g.constant(`layer${i}_bias`, w('bias'), [spec.units])], { hint: `layer${i}_dense` })
        : g.op('MatMul', [h, weight], { hint: `layer${i}_dense` });
      width = spec.units;
    } else if (spec.type === 'activation') {
      h = activationNode(g, h, spec.activation, activationAlpha(spec.activation, spec.alpha));
    } else if (spec.type === 'batchNorm') {
      const c = (name: string) => g.constant(`layer${i}_${name}`, w(name), [width]);
      h = g.op('BatchNormalization', [h, c('gamma'), c('beta'), c('runningMean'), c('runningVar')], {
        attributes: { epsilon: { float: spec.epsilon } }, hint: `layer${i}_batchnorm`,
      });
    }
    // Dropout is the identity at inference.
  });
  return { value: h, width };
}

/** H (float64 [N, units]) of the ELM's fixed random hidden layer on x (float32), computed in float32 like the app. */
function elmHidden(g: OnnxGraph, x: string, elm: ElmWeights): string {
  const { hidden } = elm;
  if (hidden.activation !== 'rbf') {
    const { rows, cols } = hidden.weights;
    const z = g.op('Gemm', [
      x, g.constant('elm_input_weights', Float32Array.from(hidden.weights.data), [rows, cols]),
      g.constant('elm_biases', Float32Array.from(hidden.biases), [cols]),
    ], { hint: 'elm_z' });
    const h = activationNode(g, g.cast(z, 'float64'), hidden.activation, 0, 'float64');
    return g.cast(g.cast(h, 'float32'), 'float64', 'elm_hidden');
  }
  // exp(−γ_j‖x − c_j‖²) by ‖x‖² − 2x·c + ‖c‖²: x·c in float32, the rest in float64, as hiddenForward does.
  const { rows: d, cols: units, data: c } = hidden.centres;
  const centreSq = new Float64Array(units);
  for (let p = 0; p < d; p++) for (let j = 0; j < units; j++) centreSq[j] += c[p * units + j] * c[p * units + j];
  const xc = g.cast(g.op('MatMul', [x, g.constant('elm_centres', Float32Array.from(c), [d, units])], { hint: 'elm_xc' }), 'float64');
  const xSq = g.op('ReduceSumSquare', [g.cast(x, 'float64')], { attributes: { axes: { ints: [1] }, keepdims: { int: 1 } }, hint: 'elm_x_sq' });
  const twoXc = g.op('Mul', [xc, g.constant('two', Float64Array.of(2), [1])]);
  const expanded = g.op('Add', [g.op('Sub', [xSq, twoXc]), g.constant('elm_centre_sq', centreSq, [units])], { hint: 'elm_dist_raw' });
  // Rounding can make the expanded distance slightly negative for x ≈ c.
  const dist = g.op('Max', [expanded, g.constant('zero_f64', Float64Array.of(0), [1])], { hint: 'elm_dist' });
  const negWidths = g.constant('elm_neg_widths', Float64Array.from(hidden.widths, (v) => -v), [units]);
  const h = g.op('Exp', [g.op('Mul', [dist, negWidths])], { hint: 'elm_rbf' });
  // The app keeps H in x's element type (float32) and widens it for H·β.
  return g.cast(g.cast(h, 'float32'), 'float64', 'elm_hidden');
}

/** The ELM's raw outputs H·β (float64 [N, outputs]). */
export function elmGraph(g: OnnxGraph, x: string, elm: ElmWeights): { value: string; width: number } {
  const { rows, cols, data } = elm.beta;
  const scores = g.op('MatMul', [elmHidden(g, x, elm), g.constant('elm_beta', data, [rows, cols])], { hint: 'elm_scores' });
  return { value: scores, width: cols };
}
