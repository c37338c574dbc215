import { decodePredictions, transformFeatures, type DecodedPredictions, type PreprocessState } from '../data/preprocess';
import type { Table, Task } from '../data/table';
import { InputError } from '../catalog/input-error';
import { decodeArray, encodeArray, type EncodedArray } from '../math/encode';
import type { Matrix } from '../math/matrix';
import { Rng } from '../math/random';
import { deserializeElm, elmForward, serializeElm, type ElmWeights, type SerializedElm } from '../trainers/elm/elm-model';
import { Network } from './network';
import type { LayerSpec } from './spec';
import { validateModelSpec } from '../catalog/model-spec';

export const MODEL_FORMAT = 'neural-workbench/model';

export interface NetworkPredictor {
  kind: 'network';
  inputSize: number;
  /** The full layer list, output head included. */
  layers: LayerSpec[];
  weights: Record<string, EncodedArray>;
}

export interface ElmPredictor {
  kind: 'elm';
  elm: SerializedElm;
}

/** A trained model as plain JSON: how to prepare a row, and how to turn it into a prediction. */
export interface TrainedModel {
  format: typeof MODEL_FORMAT;
  version: 1;
  task: Task;
  classes: string[];
  preprocessing: PreprocessState;
  predictor: NetworkPredictor | ElmPredictor;
}

export function networkPredictor(network: Network): NetworkPredictor {
  const weights: Record<string, EncodedArray> = {};
  for (const [name, array] of network.namedArrays()) weights[name] = encodeArray(array);
  return { kind: 'network', inputSize: network.inputSize, layers: [...network.specs], weights };
}

export function elmPredictor(weights: ElmWeights): ElmPredictor {
  return { kind: 'elm', elm: serializeElm(weights) };
}

/**
 * A ready-to-use predictor: encoded features in, outputs out: probabilities for networks, logits for an ELM
 * (its scores divided by its temperature, so that their softmax is its calibrated probabilities).
 */
export interface LoadedModel {
  readonly model: TrainedModel;
  forward(x: Matrix): Matrix;
}

/**
 * The predictor of a model file. The file comes from outside (a saved run, a file given to the CLI), so whatever
 * in it cannot be decoded is the file's problem (INVALID_MODEL), not a fault of the app.
 */
export function loadModel(model: TrainedModel): LoadedModel {
  try {
    return buildPredictor(model);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError('INVALID_MODEL', `the model file is damaged: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function buildPredictor(model: TrainedModel): LoadedModel {
  const p = model.predictor;
  if (p.kind === 'elm') {
    const weights = deserializeElm(p.elm);
    return {
      model,
      forward: (x) => {
        const out = elmForward(weights, x);
        if (model.task === 'classification' && weights.temperature !== 1) for (let i = 0; i < out.data.length; i++) out.data[i] /= weights.temperature;
        return out;
      },
    };
  }
  const arrays = new Map(Object.entries(p.weights).map(([k, v]) => [k, decodeArray(v)]));
  const dtype = arrays.values().next().value instanceof Float64Array ? 'float64' : 'float32';
  // The initialiser's draws are overwritten by restore(), so its seed does not matter.
  const network = new Network(validateModelSpec({ layers: p.layers }).layers, p.inputSize, dtype, new Rng(0));
  network.restore(arrays);
  const ctx = { training: false, rng: new Rng(0) };
  return {
    model,
    forward: (x) => {
      const out = network.forward(x, ctx);
      // Outputs are reused buffers; copy so callers can keep them. A lone sigmoid unit becomes [1−p, p].
      if (out.cols !== 1 || model.task !== 'classification') return { rows: out.rows, cols: out.cols, data: out.data.slice() };
      const data = new Float64Array(out.rows * 2);
      for (let i = 0; i < out.rows; i++) {
        data[2 * i] = 1 - out.data[i];
        data[2 * i + 1] = out.data[i];
      }
      return { rows: out.rows, cols: 2, data };
    },
  };
}

/** Predictions for every row of a table that has the training columns (matched by name). */
export function predictTable(loaded: LoadedModel, table: Table): DecodedPredictions {
  const { model } = loaded;
  const x = transformFeatures(model.preprocessing, table);
  const out = loaded.forward(x);
  return decodePredictions(model.preprocessing, out, { outputs: model.predictor.kind === 'elm' ? 'logits' : 'probabilities' });
}

/** Checks the outer shape of a model file; the parts are checked again as they are loaded. */
export function parseTrainedModel(value: unknown): TrainedModel {
  const m = value as Partial<TrainedModel> | null;
  if (typeof m !== 'object' || m === null || m.format !== MODEL_FORMAT) {
    throw new InputError('INVALID_MODEL', `not a Neural Workbench model file (expected "format": "${MODEL_FORMAT}")`);
  }
  if (m.version !== 1) throw new InputError('INVALID_MODEL', `model format version ${String(m.version)} is not supported (this app reads version 1)`);
  if (!m.preprocessing || !m.predictor || (m.predictor.kind !== 'network' && m.predictor.kind !== 'elm')) {
    throw new InputError('INVALID_MODEL', 'model file is incomplete: it needs "preprocessing" and a "predictor" of kind network or elm');
  }
  return m as TrainedModel;
}
