import type { Values } from '../catalog/fields';
import type { LossConfig } from '../catalog/losses';
import type { OptimizerConfig } from '../catalog/optimizers';
import type { ScheduleConfig } from '../catalog/schedules';
import type { BACKPROP_FIELDS, CLIPPING_FIELDS, EARLY_STOPPING_FIELDS, ELM_FIELDS } from '../catalog/trainer-fields';
import type { Matrix } from '../math/matrix';
import type { Task } from '../data/table';
import type { ModelSpec } from '../model/spec';

/** Train/validation/test matrices after preprocessing. Targets are one-hot (classification) or scaled values. */
export interface PreparedSplits {
  readonly task: Task;
  /** Class labels in code order (classification only). */
  readonly classes: readonly string[];
  /**
   * Regression only: original = scaled · scale[j] + offset[j] per target column, so metrics such as RMSE
   * are reported in the target's own units.
   */
  readonly targetScale?: { readonly offset: readonly number[]; readonly scale: readonly number[] };
  readonly train: { x: Matrix; y: Matrix };
  readonly val: { x: Matrix; y: Matrix };
  readonly test: { x: Matrix; y: Matrix };
}

type EarlyStoppingConfig = Values<typeof EARLY_STOPPING_FIELDS>;
export type ClippingConfig = Values<typeof CLIPPING_FIELDS>;

/**
 * A backprop run's settings, resolved (src/engine/catalog/trainer-config.ts): every setting is present and
 * within the catalog's bounds, so the trainer does not check them again. As stored with a run.
 */
export type BackpropConfig = {
  trainer: 'backprop';
  /** The validated design (hidden layers). */
  model: ModelSpec;
  optimizer: OptimizerConfig;
  loss: LossConfig;
  /** Absent: a constant learning rate. */
  schedule?: ScheduleConfig;
  /** Absent or null: no early stopping. */
  earlyStopping?: EarlyStoppingConfig | null;
  /** Absent: no clipping. */
  clipping?: ClippingConfig;
} & Values<typeof BACKPROP_FIELDS>;

/**
 * An ELM run's settings, resolved from ELM_FIELDS. c is the ridge regularisation: β = (HᵀH + I/C)⁻¹HᵀT;
 * init uniform draws input weights U[-1,1] and biases U[0,1], gaussian N(0, 1/d) weights and N(0,1) biases.
 * auto: model selection first (elm/auto-select.ts); hiddenUnits is then the largest size tried and c is chosen.
 */
export type ElmConfig = {
  trainer: 'elm';
  /** Rows per chunk when accumulating HᵀH and HᵀT: an engine tuning knob (tests, benchmarks), not a user setting. */
  chunkRows?: number;
} & Values<typeof ELM_FIELDS>;

export type TrainerConfig = BackpropConfig | ElmConfig;

/** How a training call can end by itself; each is also a run state (src/shared/run-status.ts checks it). */
export type OutcomeStatus = 'completed' | 'cancelled' | 'diverged';

/** Scores of one split; which keys are present depends on the task. */
export interface SplitMetrics {
  loss: number;
  /** Classification: mean −log p(true class) of the predicted probabilities (the same score for every trainer). */
  logLoss?: number;
  accuracy?: number;
  balancedAccuracy?: number;
  mse?: number;
  rmse?: number;
  mae?: number;
  r2?: number;
}

/** Scores of a finished model on each split, plus its test-set predictions (class indices or scaled values). */
export interface FinalScores {
  train: SplitMetrics;
  val?: SplitMetrics;
  test?: SplitMetrics;
  testPredictions?: Int32Array | Matrix;
}

export interface LayerStats {
  /** Index of the layer in the built network. */
  layer: number;
  name: string;
  gradNorm: number;
  weightNorm: number;
}

export interface EpochRecord {
  epoch: number;
  train: SplitMetrics;
  /** Absent when the validation split is empty. */
  val?: SplitMetrics;
  lr: number;
  epochMs: number;
  elapsedMs: number;
  samplesPerSec: number;
  layers: LayerStats[];
}

interface ProgressEvent {
  epoch: number;
  totalEpochs: number;
  record: EpochRecord;
}

export interface TrainHooks {
  onEpoch?(event: ProgressEvent): void;
  /** Progress of work without epochs (the ELM's hidden layer and solve), fraction in [0, 1]. */
  onPhase?(phase: string, fraction: number): void;
  /**
   * Progress of the whole job without epochs (the ELM: hidden layer, solve, calibration, scoring, weighted by
   * their estimated arithmetic), fraction in [0, 1], with the step under way: what a progress bar and ETA show.
   */
  onWork?(fraction: number, step: string): void;
  /** Polled cooperatively; return true to stop and keep the partial result. */
  shouldStop?(): boolean;
  /** For the trainer to yield to the event loop (a macrotask), so cancel messages can arrive. */
  yieldNow?(): Promise<void>;
}
