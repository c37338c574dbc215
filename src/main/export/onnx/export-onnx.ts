/**
 * A trained model file as one ONNX graph, from the raw feature columns to the outputs the app's predict gives:
 *
 *   inputs   one per feature, named after its CSV column: float [N, 1] for numbers (NaN = missing),
 *            string [N, 1] for categories (any text training did not see, or "", counts as missing)
 *   outputs  classification: `probabilities` float [N, K] and `class_index` int64 [N] (the label is
 *            metadata `classes`[class_index]); regression: `prediction` float [N, 1] in the target's own units
 *
 * Default-domain opset ONNX_OPSET (17) and ai.onnx.ml opset 2 (LabelEncoder for the category lookups).
 * The column names, class labels, task and target are in metadata_props.
 */
import { InputError } from '../../../engine/catalog/input-error';
import { loadModel, type TrainedModel } from '../../../engine/model/trained-model';
import { deserializeElm } from '../../../engine/trainers/elm/elm-model';
import { OnnxGraph } from './onnx-graph';
import { elmGraph, networkGraph } from './onnx-predictor';
import { featureInputs, preprocessGraph } from './onnx-preprocess';

const ONNX_OUTPUTS = { probabilities: 'probabilities', classIndex: 'class_index', prediction: 'prediction' } as const;


export interface OnnxExportInfo {
  /** Shown as the graph name, e.g. the run's name. */
  name: string;
  /** The app's version, written as producer_version. */
  version: string;
}

/**
 * Class probabilities from the ELM's raw least-squares outputs: the one place that says how, matching the app's
 * predict: softmax(scores / T), T the model's fitted temperature (elm/calibration.ts).
 */
function elmProbabilities(g: OnnxGraph, scores: string, temperature: number): string {
  const scaled = g.op('Div', [scores, g.constant('elm_temperature', Float64Array.of(temperature), [1])], { hint: 'elm_logits' });
  return g.op('Softmax', [scaled], { attributes: { axis: { int: 1 } }, hint: 'elm_softmax' });
}

/** elmTemperature: the ELM's temperature, or null for a network. */
function classificationHead(g: OnnxGraph, out: { value: string; width: number }, elmTemperature: number | null): void {
  const isElm = elmTemperature !== null;
  let probabilities: string;
  if (isElm) {
    probabilities = g.cast(elmProbabilities(g, out.value, elmTemperature), 'float32');
  } else if (out.width === 1) {
    // A lone sigmoid unit (binary cross-entropy) is p(class 1); the app reports [1 − p, p].
    const q = g.op('Sub', [g.constant('one_f32', Float32Array.of(1), [1]), out.value], { hint: 'p_class0' });
    probabilities = g.op('Concat', [q, out.value], { attributes: { axis: { int: 1 } }, hint: 'p_binary' });
  } else {
    probabilities = out.value;
  }
  g.node('Identity', [probabilities], { outputs: [ONNX_OUTPUTS.probabilities] });
  // The app takes the first largest of the probabilities (networks) or of the raw scores (ELM), as ArgMax does.
  g.node('ArgMax', [isElm ? out.value : probabilities], {
    attributes: { axis: { int: 1 }, keepdims: { int: 0 } }, outputs: [ONNX_OUTPUTS.classIndex],
  });
  g.output(ONNX_OUTPUTS.probabilities, 'float32', ['N', out.width === 1 ? 2 : out.width]);
  g.output(ONNX_OUTPUTS.classIndex, 'int64', ['N']);
}

function regressionHead(g: OnnxGraph, out: { value: string }, target: { offset: number; scale: number }, isElm: boolean): void {
  const v = isElm ? out.value : g.cast(out.value, 'float64');
  const unscaled = g.op('Add', [
    g.op('Mul', [v, g.constant('target_scale', Float64Array.of(target.scale), [1])]),
    g.constant('target_offset', Float64Array.of(target.offset), [1]),
  ], { hint: 'prediction_f64' });
  g.cast(unscaled, 'float32', undefined, ONNX_OUTPUTS.prediction);
  g.output(ONNX_OUTPUTS.prediction, 'float32', ['N', 1]);
}

/** What a reader of the file needs to feed it and read it, as metadata_props (values are JSON where structured). */
function metadata(model: TrainedModel): Record<string, string> {
  const { preprocessing: state } = model;
  const inputs = state.features.map((f) => (f.kind === 'numeric'
    ? { name: f.name, type: 'number', missing: 'NaN' }
    : { name: f.name, type: 'category', categories: f.categories, missing: 'empty text or any category not listed' }));
  return {
    task: model.task,
    target: state.target.name,
    classes: JSON.stringify(model.classes),
    inputs: JSON.stringify(inputs),
    outputs: JSON.stringify(model.task === 'classification'
      ? [ONNX_OUTPUTS.probabilities, ONNX_OUTPUTS.classIndex] : [ONNX_OUTPUTS.prediction]),
    trainer: model.predictor.kind === 'elm' ? 'elm' : 'backprop',
    format: `${model.format} v${model.version}`,
  };
}

/** Refuses, with a message saying why, what the graph cannot express; today only a name clash. */
function checkExpressible(model: TrainedModel): void {
  const outputs: readonly string[] = Object.values(ONNX_OUTPUTS);
  const clash = featureInputs(model.preprocessing).find((f) => outputs.includes(f.name));
  if (clash) {
    throw new InputError('INVALID_MODEL',
      `cannot export to ONNX: the input column "${clash.name}" has the name of an output of the ONNX model (${outputs.join(', ')}); rename the column and train again`);
  }
}

/** The ONNX ModelProto bytes of a model file (checked as `loadModel` checks it: a damaged file is INVALID_MODEL). */
export function exportOnnx(model: TrainedModel, info: OnnxExportInfo): Uint8Array {
  loadModel(model);
  checkExpressible(model);
  const g = new OnnxGraph([...model.preprocessing.features.map((f) => f.name), ...Object.values(ONNX_OUTPUTS)]);
  const x = preprocessGraph(g, model.preprocessing);
  const p = model.predictor;
  const isElm = p.kind === 'elm';
  const elm = p.kind === 'elm' ? deserializeElm(p.elm) : null;
  const out = p.kind === 'elm' ? elmGraph(g, x, elm!) : networkGraph(g, x, p);
  const { target } = model.preprocessing;
  if (target.kind === 'classes') classificationHead(g, out, elm?.temperature ?? null);
  else regressionHead(g, out, target, isElm);
  const docString = `${info.name}: ${model.task} of "${target.name}" by ${isElm ? 'an Extreme Learning Machine' : 'a neural network'}, exported by Neural Workbench.`;
  return g.encode({ graphName: info.name, docString, producerVersion: info.version, metadata: metadata(model) });
}
