/**
 * A run as a self-contained folder for PyTorch (resources/export/train.py): the run's columns as data.csv, the
 * exact split indices, the fitted preprocessing, the model and trainer configuration, the starting weights
 * (backprop: the initial draw of the run's seed; ELM: its fixed random hidden layer), the script and a README.
 * After `train.py` ran, the same folder holds output/ with what `import-run` brings back.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { activationAlpha } from '../../../engine/catalog/activations';
import { labelReader } from '../../../engine/data/column-values';
import { prepareSplits } from '../../../engine/data/prepare';
import { encodeArray, type EncodedArray } from '../../../engine/math/encode';
import type { LayerSpec } from '../../../engine/model/spec';
import type { TrainedModel } from '../../../engine/model/trained-model';
import { initialNetwork } from '../../../engine/trainers/backprop/initial-network';
import type { TrainingJob } from '../../../engine/trainers/train';
import type { RunRecord } from '../../db/runs-repo';
import type { ArchiveFile } from './tar';

export const BUNDLE_FORMAT = 'neural-workbench/run-bundle';

/** The bundle's config.json: what train.py reproduces, and which local run and dataset it came from. */
interface BundleConfig {
  format: typeof BUNDLE_FORMAT;
  version: 1;
  run: {
    id: number; name: string; seed: number; datasetId: number; datasetName: string; dataHash: string | null;
    /** The run's data recipe (runs.preprocessing), so an imported result reads like the run it came from. */
    recipe: unknown;
    exportedAt: number; appVersion: string;
  };
  task: TrainedModel['task'];
  classes: string[];
  seed: number;
  inputSize: number;
  /** Backprop: every layer, output head included, defaults filled in (alphas too). */
  layers: LayerSpec[];
  trainer: RunRecord['trainerConfig'];
  data: { file: string; target: string; features: string[]; rows: number; droppedRows: number };
}

export interface BundleInput {
  run: RunRecord;
  datasetName: string;
  job: TrainingJob;
  model: TrainedModel;
  version: string;
  /** Folder with train.py and README.md (resources/export). */
  templatesDir: string;
  now?: number;
}

/** resources/export sits beside resources/samples in the app's resources, in development and packaged alike. */
export function exportTemplatesDir(samplesDir: string): string {
  return path.join(path.dirname(samplesDir), 'export');
}

/** The table's cells as a CSV: numbers as JavaScript prints them (they read back exactly), missing as empty. */
function dataCsv(job: TrainingJob, names: readonly string[]): string {
  const columns = names.map((n) => job.table.columns.find((c) => c.name === n)!);
  const readers = columns.map((c) => labelReader(c));
  const rows = Array.from({ length: job.table.rowCount }, (_, r) => readers.map((read) => read(r) ?? ''));
  return `${Papa.unparse({ fields: [...names], data: rows }, { newline: '\n' })}\n`;
}

function resolvedLayers(layers: readonly LayerSpec[]): LayerSpec[] {
  return layers.map((l) => (l.type === 'activation' ? { ...l, alpha: activationAlpha(l.activation, l.alpha) } : { ...l }));
}

function startingWeights(model: TrainedModel, seed: number): Record<string, unknown> {
  const p = model.predictor;
  if (p.kind === 'elm') return { activation: p.elm.activation, inputWeights: p.elm.inputWeights, unitParams: p.elm.unitParams };
  const out: Record<string, EncodedArray> = {};
  for (const [name, values] of initialNetwork(p.layers, p.inputSize, seed).namedArrays()) out[name] = encodeArray(values);
  return out;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => values[key] ?? whole);
}

/**
 * The bundle's files. Refuses (with a message) a run whose stored data no longer gives the preprocessing its
 * model was trained with.
 */
export function runBundle(input: BundleInput): ArchiveFile[] {
  const { run, job, model } = input;
  const prepared = prepareSplits(job.table, job.data);
  if (JSON.stringify(prepared.state) !== JSON.stringify(model.preprocessing)) {
    throw new Error(`run ${run.id}: the dataset's values no longer give the preprocessing this run was trained with`);
  }
  const state = model.preprocessing;
  const names = [state.target.name, ...state.features.map((f) => f.name)];
  const p = model.predictor;
  const config: BundleConfig = {
    format: BUNDLE_FORMAT,
    version: 1,
    run: {
      id: run.id, name: run.name, seed: run.seed, datasetId: run.datasetId, datasetName: input.datasetName, dataHash: run.dataHash,
      recipe: run.preprocessing, exportedAt: input.now ?? Date.now(), appVersion: input.version,
    },
    task: model.task,
    classes: model.classes,
    seed: run.seed,
    inputSize: p.kind === 'network' ? p.inputSize : prepared.splits.train.x.cols,
    layers: p.kind === 'network' ? resolvedLayers(p.layers) : [],
    trainer: run.trainerConfig,
    data: {
      file: 'data.csv', target: state.target.name, features: state.features.map((f) => f.name),
      rows: job.table.rowCount, droppedRows: prepared.droppedRows,
    },
  };
  const split = { train: Array.from(prepared.rows.train), val: Array.from(prepared.rows.val), test: Array.from(prepared.rows.test) };
  const template = (name: string) => readFileSync(path.join(input.templatesDir, name), 'utf8');
  const readme = fill(template('README.md'), {
    RUN_NAME: run.name,
    RUN_ID: String(run.id),
    DATASET: input.datasetName,
    TRAINER: run.trainerConfig.trainer === 'elm' ? 'an Extreme Learning Machine' : 'backpropagation',
    ROWS: `${split.train.length} / ${split.val.length} / ${split.test.length}`,
    APP_VERSION: input.version,
  });
  const json = (value: unknown) => `${JSON.stringify(value, null, 1)}\n`;
  return [
    { path: 'README.md', content: readme },
    { path: 'train.py', content: template('train.py'), mode: 0o755 },
    { path: 'config.json', content: json(config) },
    { path: 'preprocessing.json', content: json(state) },
    { path: 'split.json', content: `${JSON.stringify(split)}\n` },
    { path: 'initial_weights.json', content: `${JSON.stringify(startingWeights(model, run.seed))}\n` },
    { path: 'data.csv', content: dataCsv(job, names) },
  ];
}

/** The folder name a bundle unpacks to. */
export function bundleName(runId: number): string {
  return `run-${runId}-pytorch`;
}
