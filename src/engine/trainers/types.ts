import type { Matrix } from '../math/matrix';
import type { ParamValues } from '../registry/param-schema';
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

export interface BackpropConfig {
  trainer: 'backprop';
  model: ModelSpec;
  optimizer: { id: string; params?: Record<string, unknown> };
  loss: { id: string; params?: Record<string, unknown> };
  batchSize: number;
  epochs: number;
  schedule?: { id: string; params?: Record<string, unknown> };
  earlyStopping?: { patience: number; minDelta?: number; restoreBest?: boolean } | null;
  clipping?: { mode: 'none' | 'norm' | 'value'; value: number };
}

export interface ElmConfig {
  trainer: 'elm';
  hiddenUnits: number;
  activation: 'sigmoid' | 'tanh' | 'relu' | 'sin' | 'hardlim' | 'rbf';
  solver: 'pinv' | 'ridge';
  /** Ridge regularisation: β = (HᵀH + I/C)⁻¹HᵀT. */
  c: number;
  /** uniform: input weights U[-1,1], biases U[0,1]; gaussian: N(0, 1/d) weights, N(0,1) biases. */
  init: 'uniform' | 'gaussian';
  /** Rows per chunk when accumulating HᵀH and HᵀT. */
  chunkRows?: number;
}

export type TrainerConfig = BackpropConfig | ElmConfig;

/** How a training call can end by itself; each is also a run state (src/shared/run-status.ts checks it). */
export type OutcomeStatus = 'completed' | 'cancelled' | 'diverged';

/** Scores of one split; which keys are present depends on the task. */
export interface SplitMetrics {
  loss: number;
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

export interface ProgressEvent {
  epoch: number;
  totalEpochs: number;
  record: EpochRecord;
}

export interface TrainHooks {
  onEpoch?(event: ProgressEvent): void;
  /** Progress of work without epochs (the ELM's hidden layer and solve), fraction in [0, 1]. */
  onPhase?(phase: string, fraction: number): void;
  /** Polled cooperatively; return true to stop and keep the partial result. */
  shouldStop?(): boolean;
  /** For the trainer to yield to the event loop (a macrotask), so cancel messages can arrive. */
  yieldNow?(): Promise<void>;
}

export { type ParamValues };
