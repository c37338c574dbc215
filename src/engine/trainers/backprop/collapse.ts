import type { Matrix } from '../../math/matrix';
import { argmaxRows } from '../../metrics/argmax-rows';
import type { Task } from '../../data/table';
import type { Predictions } from './evaluation';

/**
 * Collapse: the loss spikes by orders of magnitude and the network then predicts one class (or one value)
 * for every row. The numbers stay finite, so without this the run would end "completed" with a useless model.
 */

/** A loss this many times its best so far (the untrained network's included) is a spike. */
const SPIKE_FACTOR = 100;
/** Share of rows predicted as one class that counts as collapsed (when the true classes are not like that). */
const COLLAPSE_SHARE = 0.99;
/** Regression: a prediction spread below this share of the targets' is a constant prediction. */
const CONSTANT_SPREAD = 1e-3;
/**
 * Epochs a collapse must last after the spike before the run ends: optimisers (Adam's moment estimates,
 * a schedule's decay) sometimes pull a network out of one bad step, and a few epochs cost little.
 */
export const RECOVERY_EPOCHS = 3;

export interface CollapseFinding {
  /** The first epoch of the collapse. */
  epoch: number;
  message: string;
}

function standardDeviation(values: ArrayLike<number>, stride: number, offset: number): number {
  const n = Math.floor(values.length / stride);
  if (n === 0) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i * stride + offset];
  const mean = sum / n;
  let sq = 0;
  for (let i = 0; i < n; i++) sq += (values[i * stride + offset] - mean) ** 2;
  return Math.sqrt(sq / n);
}

/** The most frequent class and its share of the rows. */
function topClass(classOf: Int32Array, k: number): { index: number; share: number } {
  const counts = new Array<number>(k).fill(0);
  for (const c of classOf) counts[c] += 1;
  const index = counts.indexOf(Math.max(...counts));
  return { index, share: counts[index] / Math.max(1, classOf.length) };
}

/**
 * Watches a run epoch by epoch. `targets` are the one-hot (or scaled) targets of the split whose predictions it
 * sees; `initialLoss` the untrained network's loss, so a blow-up inside epoch 1 is a spike too.
 */
export class CollapseWatch {
  private bestLoss: number;
  private spiked = false;
  private since: number | null = null;
  private readonly trueTopShare: number;
  private readonly targetSpread: number[];

  constructor(task: Task, private readonly classes: readonly string[], targets: Matrix, initialLoss = Infinity) {
    this.bestLoss = Number.isFinite(initialLoss) ? initialLoss : Infinity;
    this.trueTopShare = task === 'classification' ? topClass(argmaxRows(targets), classes.length).share : 0;
    this.targetSpread = Array.from({ length: targets.cols }, (_, j) => standardDeviation(targets.data, targets.cols, j));
  }

  /** What the predictions show, in words, when they collapsed; null otherwise. */
  private collapsed(predictions: Predictions): string | null {
    if (predictions instanceof Int32Array) {
      // A split that really is almost all one class is not a collapse.
      if (this.trueTopShare >= COLLAPSE_SHARE) return null;
      const top = topClass(predictions, this.classes.length);
      return top.share >= COLLAPSE_SHARE ? `predicts '${this.classes[top.index]}' for ${top.share === 1 ? 'every row' : `${(top.share * 100).toFixed(1)} % of the rows`}` : null;
    }
    const constant = this.targetSpread.every((s, j) => s === 0 || standardDeviation(predictions.data, predictions.cols, j) < CONSTANT_SPREAD * s);
    return constant ? 'predicts the same value for every row' : null;
  }

  /** Observes one finished epoch; a finding when the collapse has lasted RECOVERY_EPOCHS epochs after a spike. */
  observe(epoch: number, loss: number, predictions: Predictions): CollapseFinding | null {
    if (loss >= SPIKE_FACTOR * this.bestLoss) this.spiked = true;
    this.bestLoss = Math.min(this.bestLoss, loss);
    const what = this.spiked ? this.collapsed(predictions) : null;
    if (!what) {
      this.since = null;
      return null;
    }
    this.since ??= epoch;
    if (epoch - this.since + 1 < RECOVERY_EPOCHS) return null;
    return {
      epoch: this.since,
      message: `the loss jumped to over ${SPIKE_FACTOR}× its best, and the network ${what} since epoch ${this.since}; lower the learning rate`,
    };
  }
}
