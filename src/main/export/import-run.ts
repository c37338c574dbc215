/**
 * `import-run`: a run bundle that was trained elsewhere (output/ of train.py) back into the store, as a finished
 * run labelled with where it ran. Every file is checked before anything is written; the run, its metrics and its
 * artifacts are then stored in one transaction (RunsRepo.importFinished).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { loadModel, parseTrainedModel, type TrainedModel } from '../../engine/model/trained-model';
import type { EpochRecord, SplitMetrics } from '../../engine/trainers/types';
import type { RunSummaryMetrics } from '../../shared/api';
import { epochPoints } from '../../shared/metric-keys';
import type { RunOrigin } from '../../shared/run-origin';
import { ApiError } from '../api/api-error';
import type { DataRecipe } from '../api/dataset-recipe';
import { validateTrainerConfig } from '../api/trainer-config';
import type { Store } from '../db/open-store';
import type { RunArtifact, RunRecord } from '../db/runs-repo';
import { BUNDLE_FORMAT } from './bundle/run-bundle';

const RESULT_FORMAT = 'neural-workbench/run-result';

/** The files of a trained bundle, as text (the renderer reads them from a chosen folder, the CLI from disk). */
export interface ImportFiles {
  /** config.json of the bundle. */
  config: string;
  /** output/result.json. */
  result: string;
  /** output/metrics.jsonl (empty for an ELM's lines-less run is fine). */
  metrics: string;
  /** output/model.json; absent when the run diverged before any usable weights. */
  model?: string | null;
}

const IMPORT_FILE_PATHS = { config: 'config.json', result: 'output/result.json', metrics: 'output/metrics.jsonl', model: 'output/model.json' } as const;

const num = z.number().finite();
/** Python writes a score it could not compute (no rows of a class) as null: such a score is left out. */
const score = num.nullable().optional();
const OPTIONAL_SCORES = ['accuracy', 'balancedAccuracy', 'mse', 'rmse', 'mae', 'r2'] as const satisfies readonly (keyof SplitMetrics)[];
const scores = z.object({ loss: num, accuracy: score, balancedAccuracy: score, mse: score, rmse: score, mae: score, r2: score })
  .transform((m): SplitMetrics => {
    const metrics: SplitMetrics = { loss: m.loss };
    for (const key of OPTIONAL_SCORES) {
      const value = m[key];
      if (typeof value === 'number') metrics[key] = value;
    }
    return metrics;
  });

const configSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(1),
  run: z.object({
    id: z.number().int(), name: z.string().min(1).max(200), seed: z.number().int().min(0),
    datasetId: z.number().int(), datasetName: z.string(), dataHash: z.string().nullable(), recipe: z.unknown(),
  }),
  task: z.enum(['classification', 'regression']),
  trainer: z.unknown(),
});

const resultSchema = z.object({
  format: z.literal(RESULT_FORMAT),
  version: z.literal(1),
  status: z.enum(['completed', 'diverged']),
  trainMs: num.min(0),
  bestEpoch: z.number().int().nullable(),
  stoppedEarly: z.boolean(),
  divergence: z.object({ kind: z.enum(['nonFinite', 'collapse']).optional(), epoch: z.number().int(), layer: z.string().nullable(), message: z.string() }).nullable(),
  epochs: z.number().int().min(0),
  metrics: z.object({ train: scores.optional(), val: scores.optional(), test: scores.optional() }),
  parameterCount: z.number().int().min(0),
  data: z.object({ train: z.number().int(), val: z.number().int(), test: z.number().int(), features: z.number().int(), droppedRows: z.number().int() }),
  ran: z.object({
    engine: z.string().max(100), torch: z.string().max(100), worldSize: z.number().int().min(1), backend: z.string().max(50),
    device: z.string().max(50), hosts: z.array(z.string().max(255)).max(10_000), startedAt: num, finishedAt: num,
  }),
  elm: z.object({ hiddenMs: num, solveMs: num, rank: z.number().int().nullable(), condition: num.nullable(), solverUsed: z.string().max(50) }).optional(),
  testPredictions: z.object({ rows: z.array(z.number().int()), actual: z.array(num), predicted: z.array(num) }).optional(),
  confusion: z.array(z.array(z.number().int())).optional(),
});

const epochSchema = z.object({
  epoch: z.number().int().min(1),
  train: scores,
  val: scores.optional(),
  lr: num,
  epochMs: num,
  elapsedMs: num,
  samplesPerSec: num,
  layers: z.array(z.object({ layer: z.number().int(), name: z.string().max(200), gradNorm: num, weightNorm: num })),
});

function problem(file: string, message: string): ApiError {
  return new ApiError('BAD_REQUEST', `${file}: ${message}`, { file });
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw problem(file, `not JSON (${(e as Error).message})`);
  }
}

function checked<T>(file: string, schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw problem(file, `${issue.path.map(String).join('.') || 'the file'}: ${issue.message}`);
}

function epochRecords(text: string): EpochRecord[] {
  const records: EpochRecord[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const value = parseJson(`${IMPORT_FILE_PATHS.metrics} line ${i + 1}`, line);
    // Lines without an epoch report phases (the ELM's solve): informative only.
    if (typeof value !== 'object' || value === null || !('epoch' in value)) return;
    records.push(checked(`${IMPORT_FILE_PATHS.metrics} line ${i + 1}`, epochSchema, value));
  });
  return records;
}

function importedModel(text: string | null | undefined, expected: { task: string; classes?: readonly string[] }): TrainedModel | null {
  if (text === null || text === undefined || text.trim() === '') return null;
  const file = IMPORT_FILE_PATHS.model;
  try {
    const model = parseTrainedModel(parseJson(file, text));
    loadModel(model);
    if (model.task !== expected.task) throw new Error(`it is a ${model.task} model, the run is ${expected.task}`);
    return model;
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError('INVALID_MODEL', `${file}: ${(e as Error).message}`, { file });
  }
}

/** "PyTorch 1.13.0 · 2 processes (gloo, cpu)". */
function originLabel(ran: z.infer<typeof resultSchema>['ran']): string {
  const processes = ran.worldSize === 1 ? '1 process' : `${ran.worldSize} processes`;
  const how = ran.backend === 'none' ? ran.device : `${ran.backend}, ${ran.device}`;
  return `${ran.engine} ${ran.torch} · ${processes} (${how})`;
}

/** The dataset the bundle came from: the same id with the same values, else any dataset with those values. */
function datasetFor(store: Store, run: z.infer<typeof configSchema>['run']): number {
  const same = store.datasets.get(run.datasetId);
  if (same && (run.dataHash === null || same.contentHash === run.dataHash)) return same.id;
  const match = run.dataHash === null ? undefined : store.datasets.list().find((d) => d.contentHash === run.dataHash);
  if (match) return match.id;
  throw new ApiError('NOT_FOUND', `the dataset "${run.datasetName}" of this run is not in this workbench; import the same CSV first, then import the run`);
}

/** Checks every file, then stores the run; returns the new run. */
export function importRun(store: Store, files: ImportFiles, now: number = Date.now()): RunRecord {
  const config = checked(IMPORT_FILE_PATHS.config, configSchema, parseJson(IMPORT_FILE_PATHS.config, files.config));
  const result = checked(IMPORT_FILE_PATHS.result, resultSchema, parseJson(IMPORT_FILE_PATHS.result, files.result));
  const records = epochRecords(files.metrics);
  const model = importedModel(files.model, { task: config.task });
  if (!model && result.status === 'completed') throw problem(IMPORT_FILE_PATHS.model, 'missing: a completed run has a trained model');
  const recipe = config.run.recipe as DataRecipe;
  if (recipe?.task !== config.task) throw problem(IMPORT_FILE_PATHS.config, 'run.recipe does not describe this run\'s task');
  const trainerConfig = validateTrainerConfig(config.trainer, config.task, null);
  const datasetId = datasetFor(store, config.run);

  const origin: RunOrigin = {
    label: originLabel(result.ran), engine: result.ran.engine, engineVersion: result.ran.torch, processes: result.ran.worldSize,
    backend: result.ran.backend, device: result.ran.device, hosts: result.ran.hosts, sourceRunId: config.run.id, importedAt: now,
  };
  const summary: RunSummaryMetrics = {
    ...result.metrics,
    bestEpoch: result.bestEpoch,
    stoppedEarly: result.stoppedEarly,
    divergence: result.divergence,
    parameterCount: result.parameterCount,
    epochs: records.length,
    ...(result.elm ? { elm: result.elm } : {}),
    data: result.data,
  };
  const artifacts: RunArtifact[] = [];
  if (model) artifacts.push({ kind: 'model', json: model });
  if (result.testPredictions) artifacts.push({ kind: 'predictions', json: { testPredictions: result.testPredictions, confusion: result.confusion ?? null } });
  return store.runs.importFinished({
    run: {
      name: `${config.run.name} · ${result.ran.engine} ×${result.ran.worldSize}`.slice(0, 200),
      datasetId,
      modelSpec: trainerConfig.trainer === 'backprop' ? trainerConfig.model : null,
      trainerConfig,
      preprocessing: recipe,
      seed: config.run.seed,
      dataHash: config.run.dataHash,
    },
    origin,
    outcome: { status: result.status, summary, trainMs: result.trainMs, artifacts, error: result.divergence?.message ?? null },
    startedAt: result.ran.startedAt,
    finishedAt: result.ran.finishedAt,
    points: records.flatMap(epochPoints),
  });
}

/** The files of a bundle folder on disk (the CLI's `import-run DIR`). */
export function readImportFolder(dir: string): ImportFiles {
  const read = (relative: string, optional = false): string | null => {
    const file = path.join(dir, relative);
    if (!existsSync(file)) {
      if (optional) return null;
      throw problem(relative, `not found in ${dir} (run train.py in that folder first)`);
    }
    return readFileSync(file, 'utf8');
  };
  return {
    config: read(IMPORT_FILE_PATHS.config)!,
    result: read(IMPORT_FILE_PATHS.result)!,
    metrics: read(IMPORT_FILE_PATHS.metrics, true) ?? '',
    model: read(IMPORT_FILE_PATHS.model, true),
  };
}
