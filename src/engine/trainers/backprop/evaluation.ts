import type { LossId } from '../../catalog/losses';
import type { ForwardContext } from '../../layers/layer';
import type { Loss } from '../../losses/loss';
import { type DType, type Matrix, castMatrix, zeros } from '../../math/matrix';
import type { Network } from '../../model/network';
import { logLossSumOfScores } from '../../metrics/log-loss';
import { predictedClasses, scoreSplit, type ScoreContext } from '../score';
import type { SplitMetrics } from '../types';

/** A split as the network trains on it, in its element type. */
export interface TrainingSplit {
  x: Matrix;
  y: Matrix;
  /** Original targets for scoring (one-hot even under binary cross-entropy). */
  scoreY: Matrix;
}

/** Binary cross-entropy trains one sigmoid unit on the "class 1" column of the one-hot targets. */
function targetsForLoss(y: Matrix, lossId: LossId): Matrix {
  if (lossId !== 'binaryCrossEntropy') return y;
  const out = zeros(y.rows, 1, 'float64');
  for (let i = 0; i < y.rows; i++) out.data[i] = y.data[i * y.cols + 1];
  return out;
}

export function trainingSplit(s: { x: Matrix; y: Matrix }, lossId: LossId, dtype: DType): TrainingSplit {
  return { x: castMatrix(s.x, dtype), y: castMatrix(targetsForLoss(s.y, lossId), dtype), scoreY: s.y };
}

const EVAL_CHUNK = 2048;

/** Predictions as the scores take them: class indices, or (regression) a matrix of still scaled values. */
export type Predictions = Int32Array | Matrix;

/**
 * Scores a network on a split in evaluation mode (dropout off, batch norm on its running estimates), in chunks
 * of rows. A single output unit is a logit when its sigmoid is fused into the loss, else a probability:
 * `threshold` is 0 or 0.5 accordingly.
 */
export class SplitScorer {
  constructor(
    private readonly network: Network,
    private readonly loss: Loss,
    private readonly fusedEnd: number,
    private readonly ctx: ScoreContext,
    readonly threshold: number,
    private readonly forward: ForwardContext,
  ) {}

  evaluate(split: TrainingSplit): { metrics: SplitMetrics; predictions: Predictions } {
    let lossSum = 0;
    let logLossSum = 0;
    const classes = new Int32Array(split.x.rows);
    const values = this.ctx.task === 'regression' ? zeros(split.x.rows, split.y.cols, 'float64') : null;
    for (let start = 0; start < split.x.rows; start += EVAL_CHUNK) {
      const end = Math.min(split.x.rows, start + EVAL_CHUNK);
      const xs = { rows: end - start, cols: split.x.cols, data: split.x.data.subarray(start * split.x.cols, end * split.x.cols) };
      const ys = { rows: end - start, cols: split.y.cols, data: split.y.data.subarray(start * split.y.cols, end * split.y.cols) };
      const out = this.network.forward(xs, this.forward, this.fusedEnd);
      lossSum += this.loss.compute(out, ys, null) * (end - start);
      if (values) values.data.set(out.data, start * out.cols);
      else {
        classes.set(predictedClasses(out, this.threshold), start);
        const sy = split.scoreY;
        // Both classification losses fuse the head (softmax, sigmoid), so `out` holds its logits.
        logLossSum += logLossSumOfScores(out, { rows: end - start, cols: sy.cols, data: sy.data.subarray(start * sy.cols, end * sy.cols) });
      }
    }
    const predictions = values ?? classes;
    const n = split.x.rows;
    return { metrics: scoreSplit(this.ctx, lossSum / n, split.scoreY, predictions, values ? undefined : logLossSum / n), predictions };
  }
}

/**
 * What the network predicted for each training row in its batch of the epoch, so the epoch's training scores
 * need no second pass over the data.
 */
export class TrainPredictions {
  private readonly classes: Int32Array;
  private readonly values: Matrix | null;

  constructor(regression: boolean, rows: number, cols: number, private readonly threshold: number) {
    this.classes = new Int32Array(rows);
    this.values = regression ? zeros(rows, cols, 'float64') : null;
  }

  record(out: Matrix, indices: Int32Array): void {
    const rows = indices.length;
    if (this.values) {
      // Element copies: a subarray view per row would allocate, which costs more than the copy for small outputs.
      const cols = out.cols;
      const pv = this.values.data;
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) pv[indices[i] * cols + j] = out.data[i * cols + j];
    } else {
      const cls = predictedClasses(out, this.threshold);
      for (let i = 0; i < rows; i++) this.classes[indices[i]] = cls[i];
    }
  }

  get current(): Predictions {
    return this.values ?? this.classes;
  }
}
