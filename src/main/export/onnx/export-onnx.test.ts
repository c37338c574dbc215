import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ELM_ACTIVATIONS, LAYER_ACTIVATIONS } from '../../../engine/catalog/activations';
import { idsOf } from '../../../engine/catalog/fields';
import { resolveTrainerConfig } from '../../../engine/catalog/trainer-config';
import type { FeatureScaling } from '../../../engine/data/preprocess';
import type { CategoricalColumn, Column, Table, Task } from '../../../engine/data/table';
import { loadModel, predictTable, type TrainedModel } from '../../../engine/model/trained-model';
import { runTrainingJob } from '../../../engine/trainers/train';
import { loadTrainingTable } from '../../../cli/load-table';
import { asCategories } from '../../datasets/columns';
import { exportOnnx } from './export-onnx';
import { ONNX_OPSET } from './onnx-graph';
import { checkWithOnnxChecker, maxRowRelativeError, onnxCheckerUnavailable, onnxFeeds, runOnnx } from './onnx-test-kit';

/**
 * Every exported model, run by ONNX Runtime, gives the app's predictions: every sample dataset, a network with
 * every layer activation the engine offers plus batch norm and dropout, and an ELM with every ELM activation;
 * rows with missing numbers, missing categories and categories training never saw included.
 */
const { onnx } = onnxProto;
const SAMPLES_DIR = path.resolve('resources/samples');
const SAMPLES = (JSON.parse(readFileSync(path.join(SAMPLES_DIR, 'manifest.json'), 'utf8')) as { samples: { id: string; file: string }[] }).samples;
const TOLERANCE = 1e-5;
const UNSEEN = 'a category training never saw';
const written: string[] = [];
const outDir = mkdtempSync(path.join(tmpdir(), 'nwb-onnx-'));

/** Every layer activation once, between dense layers, with batch norm and dropout in between. */
function everyActivationDesign(): unknown {
  const layers: unknown[] = [];
  idsOf(LAYER_ACTIVATIONS).forEach((activation, i) => {
    layers.push({ type: 'dense', units: 12, bias: i % 3 !== 2 });
    if (i === 1) layers.push({ type: 'batchNorm' });
    layers.push({ type: 'activation', activation, ...(activation === 'leakyRelu' ? { alpha: 0.2 } : activation === 'elu' ? { alpha: 0.7 } : {}) });
    if (i === 2) layers.push({ type: 'dropout', rate: 0.3 });
  });
  return { layers };
}

interface Case {
  sample: string;
  task: Task;
  train: Table;
  /** The training table with some categories replaced by one training never saw. */
  predict: Table;
  target: string;
  /** The feature read as categories, with gaps and unseen values. */
  category: string;
  scaling: FeatureScaling;
  oneHot: boolean;
  loss: string;
}

function distinctCount(col: Column): number {
  return col.kind === 'numeric' ? new Set(Array.from(col.values).filter((v) => !Number.isNaN(v))).size : col.categories.length;
}

/**
 * The sample as the app trains it, with its fewest-valued feature read as categories and gaps punched in: every
 * 9th row misses a number, every 13th its category; the prediction table also has unseen categories.
 */
function withCategoriesAndGaps(table: Table, target: string): { train: Table; predict: Table; category: string } {
  const features = table.columns.filter((c) => c.name !== target);
  const numeric = features.filter((c) => c.kind === 'numeric' && distinctCount(c) >= 2);
  const categorical = [...numeric].sort((a, b) => distinctCount(a) - distinctCount(b))[0];
  const gapped = numeric.find((c) => c !== categorical)!;
  const category = asCategories(categorical);
  const codes = Int32Array.from(category.codes, (c, r) => (r % 13 === 4 ? -1 : c));
  const values = Float64Array.from((gapped as { values: Float64Array }).values, (v, r) => (r % 9 === 2 ? NaN : v));
  const columns = table.columns.map((c): Column => {
    if (c === categorical) return { ...category, codes };
    if (c === gapped) return { name: c.name, kind: 'numeric', values };
    return c;
  });
  const unseen = category.categories.length;
  const predictCodes = Int32Array.from(codes, (c, r) => (r % 7 === 3 ? unseen : c));
  const predictColumns = columns.map((c): Column => (c.name === category.name
    ? { name: c.name, kind: 'categorical', codes: predictCodes, categories: [...category.categories, UNSEEN] } : c));
  return {
    train: { rowCount: table.rowCount, columns }, predict: { rowCount: table.rowCount, columns: predictColumns }, category: category.name,
  };
}

/**
 * Scaling and category encodings, spread over the samples. Unscaled inputs go to data with small raw values:
 * on features in the thousands (breast_cancer's areas) an ELM's x·W reaches 10³, where float32 rounds it by
 * 10⁻⁴ and a sine unit turns that rounding into differences of 2·10⁻⁵ between any two float32 implementations.
 */
const VARIANTS: Record<string, { scaling: FeatureScaling; oneHot: boolean }> = {
  default: { scaling: 'standard', oneHot: true },
  wine: { scaling: 'minmax', oneHot: false },
  digits: { scaling: 'none', oneHot: true },
  pima_indians_diabetes: { scaling: 'minmax', oneHot: true },
  satellite: { scaling: 'standard', oneHot: false },
  boston_housing: { scaling: 'minmax', oneHot: false },
  iris: { scaling: 'none', oneHot: false },
};

const cases: Case[] = [];
beforeAll(async () => {
  for (const [i, sample] of SAMPLES.entries()) {
    const { table, target, task } = await loadTrainingTable(path.join(SAMPLES_DIR, sample.file));
    const { train, predict, category } = withCategoriesAndGaps(table, target);
    const binary = sample.id === 'breast_cancer';
    const loss = task === 'regression' ? (i % 2 ? 'huber' : 'mse') : binary ? 'binaryCrossEntropy' : 'crossEntropy';
    cases.push({ sample: sample.id, task, train, predict, target, category, ...(VARIANTS[sample.id] ?? VARIANTS.default), loss });
  }
});

async function trained(c: Case, trainer: Record<string, unknown>): Promise<TrainedModel> {
  const outcome = await runTrainingJob({
    table: c.train,
    data: {
      target: c.target, task: c.task, scaling: c.scaling, oneHot: c.oneHot, targetScaling: 'standard',
      split: { kind: 'ratio', train: 0.7, val: 0.15, test: 0.15 }, seed: 3,
    },
    trainer: resolveTrainerConfig(trainer, c.task, null),
    seed: 5,
  });
  if (!outcome.model) throw new Error(`${c.sample}: no model (${outcome.status})`);
  return outcome.model;
}

/** Runs the export in ONNX Runtime and compares it with the app's predict on the same rows. */
async function expectParity(c: Case, model: TrainedModel, label: string): Promise<void> {
  const bytes = exportOnnx(model, { name: `${c.sample} ${label}`, version: 'test' });
  const file = path.join(outDir, `${c.sample}-${label}.onnx`);
  writeFileSync(file, bytes);
  written.push(file);
  const app = predictTable(loadModel(model), c.predict);
  const out = await runOnnx(bytes, onnxFeeds(model.preprocessing, c.predict));
  if (c.task === 'classification') {
    const k = model.classes.length;
    expect(out.probabilities.dims).toEqual([c.predict.rowCount, k]);
    expect(maxRowRelativeError(out.probabilities.data as Float32Array, app.probabilities!.data, k), `${label} probabilities`).toBeLessThanOrEqual(TOLERANCE);
    expect(Array.from(out.class_index.data as BigInt64Array, Number), `${label} classes`).toEqual(Array.from(app.classIndex!));
  } else {
    expect(out.prediction.dims).toEqual([c.predict.rowCount, 1]);
    expect(maxRowRelativeError(out.prediction.data as Float32Array, app.values!, 1), `${label} values`).toBeLessThanOrEqual(TOLERANCE);
  }
}

describe('ONNX export, checked by ONNX Runtime against the app’s predictions', () => {
  it('the test tables have missing numbers, missing categories and unseen categories', () => {
    expect(cases).toHaveLength(SAMPLES.length);
    for (const c of cases) {
      const cat = c.predict.columns.find((col) => col.name === c.category) as CategoricalColumn;
      expect(Array.from(cat.codes).filter((code) => code < 0).length).toBeGreaterThan(0);
      expect(Array.from(cat.codes).filter((code) => cat.categories[code] === UNSEEN).length).toBeGreaterThan(0);
      expect(c.predict.columns.some((col) => col.kind === 'numeric' && col.values.some(Number.isNaN))).toBe(true);
    }
  });

  it.each(SAMPLES.map((s) => s.id))('%s: a network with every activation, batch norm and dropout', async (id) => {
    const c = cases.find((x) => x.sample === id)!;
    const model = await trained(c, {
      trainer: 'backprop', model: everyActivationDesign(), optimizer: { id: 'adam', params: { lr: 0.01 } },
      loss: { id: c.loss }, batchSize: 64, epochs: 3,
    });
    const kinds = (model.predictor as { layers: { type: string; activation?: string }[] }).layers.map((l) => l.activation ?? l.type);
    for (const a of [...idsOf(LAYER_ACTIVATIONS), 'batchNorm', 'dropout']) expect(kinds).toContain(a);
    await expectParity(c, model, 'backprop');
  });

  it.each(SAMPLES.map((s) => s.id))('%s: an ELM with each ELM activation', async (id) => {
    const c = cases.find((x) => x.sample === id)!;
    for (const activation of idsOf(ELM_ACTIVATIONS)) {
      const model = await trained(c, { trainer: 'elm', hiddenUnits: 60, activation, solver: 'ridge', c: 100, init: 'uniform' });
      await expectParity(c, model, `elm-${activation}`);
    }
  });

  it('pinv ELMs and gaussian initialisation too', async () => {
    const c = cases.find((x) => x.sample === 'wine')!;
    for (const activation of ['tanh', 'rbf'] as const) {
      const model = await trained(c, { trainer: 'elm', hiddenUnits: 40, activation, solver: 'pinv', c: 1, init: 'gaussian' });
      await expectParity(c, model, `elm-pinv-${activation}`);
    }
  });

  it('names the inputs after the CSV columns, keeps the class labels in the metadata, and uses opset 17', async () => {
    const c = cases.find((x) => x.sample === 'iris')!;
    const model = await trained(c, { trainer: 'elm', hiddenUnits: 20, activation: 'sigmoid', solver: 'ridge', c: 10, init: 'uniform' });
    const proto = onnx.ModelProto.decode(exportOnnx(model, { name: 'iris', version: '1.2.3' }));
    expect(proto.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', ONNX_OPSET], ['ai.onnx.ml', 2]]);
    expect(proto.graph!.input!.map((i) => i.name)).toEqual(model.preprocessing.features.map((f) => f.name));
    expect(proto.graph!.output!.map((o) => o.name)).toEqual(['probabilities', 'class_index']);
    const meta = Object.fromEntries(proto.metadataProps.map((p) => [p.key, p.value]));
    expect(JSON.parse(meta.classes!)).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(meta.task).toBe('classification');
    expect(meta.target).toBe('species');
    expect(JSON.parse(meta.inputs!).map((i: { name: string }) => i.name)).toEqual(model.preprocessing.features.map((f) => f.name));
    expect(proto.producerVersion).toBe('1.2.3');
  });

  it('writes batch norm in inference form and leaves dropout out', async () => {
    const c = cases.find((x) => x.sample === 'wine')!;
    const model = await trained(c, {
      trainer: 'backprop', model: { layers: [{ type: 'dense', units: 8 }, { type: 'batchNorm' }, { type: 'dropout', rate: 0.5 }, { type: 'activation', activation: 'relu' }] },
      optimizer: { id: 'sgd', params: { lr: 0.1 } }, loss: { id: 'crossEntropy' }, batchSize: 16, epochs: 2,
    });
    const ops = onnx.ModelProto.decode(exportOnnx(model, { name: 'wine', version: 'test' })).graph!.node!.map((n) => n.opType);
    expect(ops).toContain('BatchNormalization');
    expect(ops).not.toContain('Dropout');
    expect(ops.filter((op) => op === 'Gemm')).toHaveLength(2);
  });

  it('refuses a feature named like an output, and a damaged model file, with a clear message', async () => {
    const c = cases.find((x) => x.sample === 'iris')!;
    const model = await trained(c, { trainer: 'elm', hiddenUnits: 10, activation: 'sigmoid', solver: 'ridge', c: 10, init: 'uniform' });
    const state = model.preprocessing;
    const renamed = { ...model, preprocessing: { ...state, features: state.features.map((f, i) => (i === 0 ? { ...f, name: 'probabilities' } : f)) } };
    expect(() => exportOnnx(renamed, { name: 'x', version: 'test' })).toThrow(/input column "probabilities" has the name of an output/);
    const damaged = JSON.parse(JSON.stringify(model)) as TrainedModel;
    (damaged.predictor as { elm: { beta: { base64: string } } }).elm.beta.base64 = 'AAAA';
    expect(() => exportOnnx(damaged, { name: 'x', version: 'test' })).toThrow(expect.objectContaining({ code: 'INVALID_MODEL' }));
  });

  it('every written file passes onnx.checker.check_model (full check) of Debian’s python3-onnx', (ctx) => {
    const why = onnxCheckerUnavailable();
    if (why) {
      console.log(`skipped: ${why}`);
      ctx.skip();
    }
    expect(written.length).toBeGreaterThanOrEqual(SAMPLES.length * (1 + idsOf(ELM_ACTIVATIONS).length));
    expect(checkWithOnnxChecker(written)).toEqual(written.map(() => 'ok'));
  });
});
