/**
 * The one API between the renderer and the backend, typed once. Electron IPC and the browser host's
 * HTTP/WebSocket carry exactly these calls and events; main validates every request with the zod
 * schema below (a bad payload is answered with BAD_REQUEST, never an exception).
 *
 * Calls are named `<domain>.<verb>`. Each returns Result<Response> (see result.ts).
 */
import { z } from 'zod';
import type { Task } from '../engine/data/table';
import type { ModelSpec } from '../engine/model/spec';
import type { TrainedModel } from '../engine/model/trained-model';
import type { SplitMetrics, TrainerConfig } from '../engine/trainers/types';
import type { LrRangeResult } from '../engine/trainers/backprop/lr-range-test';
import type { ElmSelection } from '../engine/trainers/elm/auto-select';
import { COLUMN_ROLE_IDS, COLUMN_TYPE_IDS, type ColumnRole, type ColumnType } from './column-vocabulary';
import { SCALING_IDS, splitProblem, TARGET_SCALING_IDS } from './prepare-vocabulary';
import { idsOf } from '../engine/catalog/fields';
import { SETTINGS, type SweepAxis } from '../engine/catalog/sweep-settings';
import type { RunOrigin } from './run-origin';
import { RUN_STATUSES, type RunStatus } from './run-status';
import type { StudyKind, StudyProgress } from './study';

// ---------- shared pieces ----------
const id = z.number().int().positive();
const name = z.string().trim().min(1).max(200);
const task = z.enum(['classification', 'regression']);

/** How a dataset becomes train/validation/test matrices; saved on the dataset, snapshotted into each run. */
export const prepareSettingsSchema = z.object({
  scaling: z.enum(SCALING_IDS),
  oneHot: z.boolean(),
  targetScaling: z.enum(TARGET_SCALING_IDS),
  split: z.object({
    train: z.number().gt(0).max(1),
    val: z.number().min(0).max(1),
    test: z.number().min(0).max(1),
    /** Rows before this one are train+validation, the rest test (a dataset's standard split). */
    fixedTrainRows: z.number().int().positive().nullable(),
  }).check((ctx) => {
    const problem = splitProblem(ctx.value);
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
  }),
  stratified: z.boolean(),
  seed: z.number().int().min(0).max(2 ** 31 - 1),
});
export type PrepareSettings = z.infer<typeof prepareSettingsSchema>;

// ---------- responses ----------
export interface ColumnStatsView {
  count: number;
  missing: number;
  distinct: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  std: number | null;
  top: { value: string; count: number }[];
  histogram: { min: number; max: number; counts: number[] } | null;
}

interface DatasetColumnView {
  index: number;
  name: string;
  inferredType: ColumnType;
  type: ColumnType;
  role: ColumnRole;
  stats: ColumnStatsView;
  exclusionReason: string | null;
}

export interface Notice {
  code: string;
  message: string;
  column?: string;
}

export interface DatasetSummaryView {
  id: number;
  name: string;
  sourceFile: string | null;
  createdAt: number;
  rowCount: number;
  columnCount: number;
  task: Task | null;
  target: string | null;
  runCount: number;
}

export interface DatasetView extends DatasetSummaryView {
  columns: DatasetColumnView[];
  notices: Notice[];
  skippedRows: number;
  prepare: PrepareSettings;
  /** Input width of a network after encoding (one-hot expands categorical features). */
  encodedWidth: number;
  classes: string[];
  /** Columns left out of `columns` (a wide dataset lists its first LISTED_COLUMNS and the target); all are stored and trained on. */
  unlistedColumns: number;
}

export interface SampleView {
  id: string;
  title: string;
  description: string;
  rows: number;
  features: number;
  task: Task;
  target: string;
  credit: string;
}

export interface ModelView {
  id: number;
  name: string;
  spec: ModelSpec;
  createdAt: number;
  updatedAt: number;
}

export interface RunSummaryView {
  id: number;
  name: string;
  datasetId: number;
  datasetName: string;
  modelId: number | null;
  trainer: TrainerConfig['trainer'];
  /** "Adam · Cross-entropy" or "ELM · 200 Sigmoid units, Ridge (regularised)". */
  trainerLabel: string;
  seed: number;
  status: RunStatus;
  error: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  trainMs: number | null;
  progress: { epoch: number; total: number };
  /** When the engine began the job (after its start-up and loading the data): the ETA runs from here. */
  workStartedAt: number | null;
  /** Headline score on the test split (accuracy or RMSE) when finished. */
  testMetric: { key: 'accuracy' | 'rmse'; value: number } | null;
  /** Where an imported run was trained (e.g. PyTorch on 2 processes); null for runs trained here. */
  origin: RunOrigin | null;
  /** The study the run belongs to, if any. */
  studyId: number | null;
  /** The person's labels for the run. */
  tags: string[];
}

/**
 * The phases of a run in ms, disjoint, in order: engine start-up (launch → ready), data preparation (loading the
 * table in the app and preparing the splits in the engine), training (the trainer's clock, = trainMs), evaluation
 * (final scores of every split), diagnostics (the ELM's rank/condition when computed after the fit) and saving
 * the outcome. Their sum is close to the elapsed wall time; the rest is messaging between the processes.
 */
export interface RunTimings {
  startUpMs: number;
  dataMs: number;
  trainingMs: number;
  evaluationMs: number;
  diagnosticsMs: number;
  savingMs?: number;
}

export interface RunSummaryMetrics {
  train?: SplitMetrics;
  val?: SplitMetrics;
  test?: SplitMetrics;
  bestEpoch: number | null;
  stoppedEarly: boolean;
  /** kind: absent in runs stored before collapse was diagnosed (they were all nonFinite). */
  divergence: { kind?: 'nonFinite' | 'collapse'; epoch: number; layer: string | null; message: string } | null;
  parameterCount: number;
  epochs: number;
  /** selection: what "Auto" chose and the curve it chose from (absent without Auto). */
  elm?: { hiddenMs: number; solveMs: number; rank: number | null; condition: number | null; solverUsed: string; selection?: ElmSelection };
  /** Where the run's wall time went; absent in runs stored before it was recorded. */
  timings?: RunTimings;
  data: { train: number; val: number; test: number; features: number; droppedRows: number };
}

export interface RunView extends RunSummaryView {
  /** The person's notes on the run. */
  notes: string;
  modelSpec: ModelSpec | null;
  trainerConfig: TrainerConfig;
  prepare: PrepareSettings;
  task: Task;
  classes: string[];
  summary: RunSummaryMetrics | null;
  confusion: number[][] | null;
  /** Regression test set (for predicted-vs-actual), capped at 2,000 points. */
  predictedVsActual: { actual: number[]; predicted: number[] } | null;
}

/** Per run, per metric key: parallel arrays (compact on the wire and what ECharts wants). */
export interface MetricSeries {
  epoch: number[];
  value: number[];
  elapsedMs: number[];
}
export type RunMetrics = Record<string, MetricSeries>;

export interface PredictionTable {
  columns: string[];
  rows: (string | number)[][];
  /** A predicted file that has the model's target column: the predictions scored against it. */
  score?: PredictionScore;
}

export interface PredictionScore {
  target: string;
  /** Rows scored, and rows left out (no true value, or a class the model does not know). */
  rows: number;
  skipped: number;
  /** Keys of shared/metric-catalog.ts (accuracy, balancedAccuracy; rmse, mae, r2). */
  metrics: Partial<Record<'accuracy' | 'balancedAccuracy' | 'rmse' | 'mae' | 'r2', number>>;
}

/** A file the backend made for the person to save (binary content in base64, so every transport carries it). */
export interface ExportedFile {
  fileName: string;
  mimeType: string;
  base64: string;
}

/** The interface's colour theme; `system` follows the operating system's light/dark setting. */
export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export interface AppSettings {
  /** How many runs train at once; the rest wait in the queue. */
  concurrency: number;
  /** What the concurrency is when never set: one less than the cores. */
  defaultConcurrency: number;
  theme: Theme;
}

export interface AppInfo {
  version: string;
  kernels: string;
  dataFile: string;
  transport: 'ipc' | 'http';
  cores: number;
  /** Set when the data file was found damaged: what happened and how to recover (the app then only reads). */
  dataDamage: string | null;
}

// ---------- evaluation views (computed from the stored model on the rebuilt split) ----------
/** The split an evaluation view scores: validation or test rows, rebuilt exactly as the run drew them. */
export type EvaluationSplit = 'val' | 'test';

export interface ClassReportView {
  split: EvaluationSplit;
  classes: string[];
  /** Per class, in the order of `classes`. */
  precision: number[];
  recall: number[];
  f1: number[];
  support: number[];
  accuracy: number;
  /** Unweighted means over the classes, and means weighted by support. */
  macro: { precision: number; recall: number; f1: number };
  weighted: { precision: number; recall: number; f1: number };
}

/** A curve thinned for drawing (its area computed from every point). */
interface CurveView {
  x: number[];
  y: number[];
  /** ROC AUC or average precision; null when the split lacks positive or negative rows of the class. */
  area: number | null;
}

export interface CurvesView {
  split: EvaluationSplit;
  classes: string[];
  /** One-vs-rest per class: x false positive rate, y true positive rate. */
  roc: CurveView[];
  /** One-vs-rest per class: x recall, y precision. */
  pr: CurveView[];
  macroRocAuc: number | null;
  macroAveragePrecision: number | null;
}

export interface ResidualsView {
  split: EvaluationSplit;
  rows: number;
  /** Residual = actual − predicted, in the target's units; points capped at 2,000. */
  predicted: number[];
  residual: number[];
  /** Of every row's residual. */
  histogram: { min: number; max: number; counts: number[] };
  mean: number;
}

export interface DecisionBoundaryView {
  split: EvaluationSplit;
  classes: string[];
  axes: { x: string; y: string; kind: 'features' | 'pca' };
  /** Grid of size × size cells over [min, max] of each axis (the training rows' range, padded). */
  size: number;
  x: { min: number; max: number };
  y: { min: number; max: number };
  /** Predicted class of each cell centre and its probability, row-major from (x.min, y.min). */
  cells: number[];
  confidence: number[];
  /** The split's rows on the same axes (capped at 2,000). */
  points: { x: number[]; y: number[]; actual: number[]; predicted: number[] };
  /** Features mode: what the other inputs are held at (median or most frequent value of the training rows). */
  held: { name: string; value: string }[];
  /** PCA mode: share of the training rows' variance along each component. */
  explained: [number, number] | null;
  /** The numeric inputs that can be chosen as axes. */
  numericFeatures: string[];
}

export interface StudySummaryView {
  id: number;
  name: string;
  datasetId: number;
  datasetName: string;
  kind: StudyKind;
  createdAt: number;
  /** Derived from the runs: "14 of 36 runs, about 3 min left". */
  progress: StudyProgress;
}

/** One run of a study with what the results table and charts show. */
export interface StudyRunView {
  run: RunSummaryView;
  /** The swept values of the run (setting name of SETTINGS → value). */
  point: Record<string, number | string>;
  /** Best validation score over the epochs, and the epoch it was reached at. */
  best: { value: number; epoch: number } | null;
  /** Validation score at the last epoch. */
  last: number | null;
  /** Training time until the validation score first reached the study's target. */
  timeToTargetMs: number | null;
  parameterCount: number | null;
}

export interface StudyView extends StudySummaryView {
  axes: SweepAxis[];
  seeds: number[];
  /** The score the study ranks by ("val.accuracy", "val.rmse"): a key of shared/metric-catalog.ts. */
  scoreKey: string;
  higherIsBetter: boolean;
  /** The time-to-target threshold: 99 % of the best score reached (or 101 % of the lowest error), null before any. */
  target: number | null;
  runs: StudyRunView[];
}

/** The learning-rate range test of a backprop setting: smoothed loss against the rate, and the suggested rate. */
export type LearningRateView = Omit<LrRangeResult, 'status'>;

/** An ELM's "Auto" curve without the fit: leave-one-out and GCV error for every (hidden units, C), and the choice. */
export type ElmTuneView = ElmSelection;

// ---------- requests ----------
/**
 * A file the backend already holds: picked in Electron's native dialog or uploaded to the browser
 * host (which streams it to disk). The renderer never names paths on disk.
 */
const fileRef = z.object({ fileId: z.string().min(1).max(100) });
const evaluationSplit = z.enum(['val', 'test']);

const settingName = z.enum(idsOf(SETTINGS));
const pointValue = z.union([z.number().finite(), z.string().min(1).max(100)]);
const sweepAxisSchema = z.union([
  z.object({ setting: settingName, values: z.array(pointValue).min(1).max(100) }).strict(),
  z.object({
    setting: settingName,
    range: z.object({ start: z.number().finite(), end: z.number().finite(), scale: z.enum(['log', 'lin']), count: z.number().int().min(1).max(100) }),
  }).strict(),
]);

/** A tune job's id, chosen by the client (as an importId is). */
const jobId = z.string().min(1).max(100);
const seed = z.number().int().min(0).max(2 ** 31 - 1);

export const apiRequests = {
  'app.info': z.object({}),
  'files.openCsvDialog': z.object({}),

  'datasets.list': z.object({}),
  'datasets.samples': z.object({}),
  'datasets.get': z.object({ id }),
  'datasets.rows': z.object({ id, offset: z.number().int().min(0), limit: z.number().int().min(1).max(1000) }),
  'datasets.import': z.object({
    source: z.union([fileRef, z.object({ sampleId: z.string().min(1).max(100) })]),
    /** Chosen by the client so it can match progress events and cancel. */
    importId: z.string().min(1).max(100),
    name: name.optional(),
    skipBadRows: z.boolean().optional(),
  }),
  'datasets.cancelImport': z.object({ importId: z.string().min(1).max(100) }),
  'datasets.update': z.object({
    id,
    name: name.optional(),
    target: z.string().min(1).optional(),
    task: task.optional(),
    columns: z.array(z.object({
      name: z.string(),
      type: z.enum(COLUMN_TYPE_IDS).optional(),
      role: z.enum(COLUMN_ROLE_IDS).optional(),
    })).max(10_000).optional(),
    prepare: prepareSettingsSchema.optional(),
  }),
  'datasets.delete': z.object({ id, force: z.boolean().optional() }),

  'models.list': z.object({}),
  'models.get': z.object({ id }),
  /** spec is validated against the engine's layer catalog (INVALID_MODEL with the layer index). */
  'models.create': z.object({ name, spec: z.unknown() }),
  'models.update': z.object({ id, name: name.optional(), spec: z.unknown().optional() }),
  'models.delete': z.object({ id }),

  'runs.list': z.object({
    status: z.array(z.enum(RUN_STATUSES)).optional(),
    search: z.string().max(200).optional(),
    datasetId: id.optional(),
  }),
  'runs.get': z.object({ id }),
  'runs.metrics': z.object({ ids: z.array(id).min(1).max(10), keys: z.array(z.string().max(100)).max(200).optional() }),
  /**
   * Queues one run per seed. `modelId` (backprop) snapshots that saved design; with `modelId` null, backprop
   * trains the inline `trainer.model` (Clone & edit), validated like a saved one (INVALID_MODEL with the layer
   * index). `trainer` is resolved against the engine's catalogs (INVALID_CONFIG naming the field).
   */
  'runs.start': z.object({
    datasetId: id,
    modelId: id.nullable(),
    trainer: z.unknown(),
    seeds: z.array(z.number().int().min(0).max(2 ** 31 - 1)).min(1).max(20),
    name: name.optional(),
  }),
  'runs.cancel': z.object({ id }),
  /** Same dataset, design and settings; a new seed if given. Queued at once. */
  'runs.clone': z.object({ id, seed: z.number().int().min(0).max(2 ** 31 - 1).optional() }),
  'runs.rename': z.object({ id, name }),
  'runs.annotate': z.object({
    id,
    tags: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
    notes: z.string().max(10_000).optional(),
  }),
  'runs.delete': z.object({ id }),
  'runs.predictFile': z.object({ id, file: fileRef }),
  'runs.predictRow': z.object({ id, values: z.record(z.string(), z.string().max(10_000)) }),
  'runs.exportModel': z.object({ id }),
  /** Evaluation views of a finished run on its validation or test rows (CONFLICT if the dataset changed). */
  'runs.classReport': z.object({ id, split: evaluationSplit }),
  'runs.curves': z.object({ id, split: evaluationSplit }),
  'runs.residuals': z.object({ id, split: evaluationSplit }),
  /** Class regions on two numeric inputs (the others held) or the first two principal components of the training rows. */
  'runs.decisionBoundary': z.object({
    id,
    split: evaluationSplit,
    axes: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('pca') }),
      z.object({ kind: z.literal('features'), x: z.string().min(1).max(1000), y: z.string().min(1).max(1000) }),
    ]),
    size: z.number().int().min(10).max(120),
  }),
  /** The run's trained model as ONNX (INVALID_MODEL when it cannot be expressed). */
  'runs.exportOnnx': z.object({ id }),
  /** The run as a PyTorch bundle (.tar.gz): data, split, preprocessing, configuration, train.py. */
  'runs.exportBundle': z.object({ id }),
  /** A bundle trained elsewhere, as the text of its files (config.json and output/…), stored as a finished run. */
  'runs.importExternal': z.object({
    files: z.object({
      config: z.string().max(1_000_000),
      result: z.string().max(16_000_000),
      metrics: z.string().max(16_000_000),
      model: z.string().max(16_000_000).nullable().optional(),
    }),
  }),

  /**
   * A sweep over catalog settings (SETTINGS of engine/catalog/sweep-settings.ts): every point of the grid or
   * random sample × every seed, on top of the base `trainer` settings (and `modelId`'s design, as in runs.start).
   * Every point is resolved before anything is stored: a bad one refuses the study (INVALID_CONFIG naming it).
   */
  'studies.create': z.object({
    datasetId: id,
    modelId: id.nullable(),
    trainer: z.unknown(),
    axes: z.array(sweepAxisSchema).min(1).max(8),
    sample: z.union([
      z.object({ kind: z.literal('grid') }),
      z.object({ kind: z.literal('random'), count: z.number().int().min(1).max(500), seed: z.number().int().min(0).max(2 ** 31 - 1) }),
    ]),
    seeds: z.array(z.number().int().min(0).max(2 ** 31 - 1)).min(1).max(20),
    name: name.optional(),
  }),
  'studies.list': z.object({ datasetId: id.optional() }),
  'studies.get': z.object({ id }),
  /** Cancels the study's queued and running runs. */
  'studies.cancel': z.object({ id }),

  /**
   * Tune jobs: short engine jobs on a dataset and settings, asked for from the Train page, stored nowhere. The
   * client picks `jobId` to match `tune.progress` events and to cancel (CANCELLED then). `trainer` is resolved as
   * in runs.start; the range test needs backprop settings, the ELM curve a ridge ELM (its hidden units the largest
   * size tried).
   */
  'tune.learningRate': z.object({ jobId, datasetId: id, modelId: id.nullable(), trainer: z.unknown(), seed }),
  'tune.elm': z.object({ jobId, datasetId: id, trainer: z.unknown(), seed }),
  'tune.cancel': z.object({ jobId }),

  'settings.get': z.object({}),
  'settings.update': z.object({ concurrency: z.number().int().min(1).max(64).optional(), theme: z.enum(THEMES).optional() }),
} as const;

export type ApiMethod = keyof typeof apiRequests;
export type ApiRequest<M extends ApiMethod> = z.infer<(typeof apiRequests)[M]>;

export interface ApiResponses {
  'app.info': AppInfo;
  'files.openCsvDialog': { fileId: string; name: string } | null;
  'datasets.list': DatasetSummaryView[];
  'datasets.samples': SampleView[];
  'datasets.get': DatasetView;
  'datasets.rows': { columns: string[]; rows: string[][]; total: number };
  'datasets.import': DatasetView;
  'datasets.cancelImport': { cancelled: boolean };
  'datasets.update': DatasetView;
  'datasets.delete': { deletedRuns: number };
  'models.list': ModelView[];
  'models.get': ModelView;
  'models.create': ModelView;
  'models.update': ModelView;
  'models.delete': { deleted: true };
  'runs.list': RunSummaryView[];
  'runs.get': RunView;
  'runs.metrics': Record<number, RunMetrics>;
  'runs.start': RunSummaryView[];
  'runs.cancel': RunSummaryView;
  'runs.clone': RunSummaryView;
  'runs.rename': RunSummaryView;
  'runs.annotate': RunView;
  'runs.delete': { deleted: true };
  'runs.predictFile': PredictionTable;
  'runs.predictRow': PredictionTable;
  'runs.exportModel': TrainedModel;
  'runs.classReport': ClassReportView;
  'runs.curves': CurvesView;
  'runs.residuals': ResidualsView;
  'runs.decisionBoundary': DecisionBoundaryView;
  'runs.exportOnnx': ExportedFile;
  'runs.exportBundle': ExportedFile;
  'runs.importExternal': RunSummaryView;
  'studies.create': StudyView;
  'studies.list': StudySummaryView[];
  'studies.get': StudyView;
  'studies.cancel': StudySummaryView;
  'tune.learningRate': LearningRateView;
  'tune.elm': ElmTuneView;
  'tune.cancel': { cancelled: boolean };
  'settings.get': AppSettings;
  'settings.update': AppSettings;
}

// ---------- events (main → renderer) ----------
export interface ApiEvents {
  /** A run's row changed (status, progress, summary). */
  'run.updated': RunSummaryView;
  /** New metric points, at most 10 batches per second per run. */
  'run.metrics': { runId: number; points: { key: string; epoch: number; value: number; elapsedMs: number }[] };
  'import.progress': { importId: string; bytes: number; totalBytes: number; rows: number };
  'datasets.changed': { ids: number[] };
  /** The data file was found damaged while the app ran (see AppInfo.dataDamage). */
  'store.damaged': { message: string };
  /** How far a tune job is, fraction 0…1. */
  'tune.progress': { jobId: string; fraction: number };
}
export type ApiEventName = keyof ApiEvents;

/** Every event, for the transports that forward them. */
export const API_EVENT_NAMES = ['run.updated', 'run.metrics', 'import.progress', 'datasets.changed', 'store.damaged', 'tune.progress'] as const satisfies readonly ApiEventName[];

/** The renderer's whole view of the backend; implemented by the IPC preload and by the HTTP client. */
export interface WorkbenchApi {
  call<M extends ApiMethod>(method: M, request: ApiRequest<M>): Promise<import('./result').Result<ApiResponses[M]>>;
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
  /** Browser host only: streams a file to the backend and returns its fileId. */
  upload?(file: File | Blob, name: string, onProgress?: (sent: number, total: number) => void): Promise<import('./result').Result<{ fileId: string; name: string }>>;
}
