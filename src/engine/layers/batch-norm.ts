import { allocArray, type DType, type FloatArray, type Matrix } from '../math/matrix';
import { batchMatrix, checkInput, makeParam } from './layer-storage';
import type { ForwardContext, Layer, Param } from './layer';

export interface BatchNormOptions {
  readonly momentum: number;
  readonly epsilon: number;
  readonly dtype: DType;
}

/**
 * Per-feature batch normalisation with PyTorch BatchNorm1d semantics: training normalises with the
 * batch mean and biased variance and folds the batch into the running estimates as
 * running = (1−momentum)·running + momentum·batch, using the unbiased variance there; evaluation
 * normalises with the running estimates. A training batch of one row has no spread to estimate
 * (PyTorch refuses it), so it updates the running mean only and leaves the running variance alone.
 */
export class BatchNormLayer implements Layer {
  readonly type = 'batchNorm';
  readonly params: readonly Param[];
  readonly buffers: Readonly<Record<string, FloatArray>>;
  readonly outputSize: number;
  private readonly gamma: Param;
  private readonly beta: Param;
  private readonly runningMean: FloatArray;
  private readonly runningVar: FloatArray;
  private readonly momentum: number;
  private readonly epsilon: number;
  private readonly dtype: DType;
  /** Per-feature statistics of the last forward, in float64 whatever the layer's type. */
  private readonly mean: Float64Array;
  private readonly invStd: Float64Array;
  private xhat: Matrix | null = null;
  private out: Matrix | null = null;
  private dx: Matrix | null = null;
  private usedBatchStats = false;

  constructor(readonly inputSize: number, options: BatchNormOptions) {
    this.outputSize = inputSize;
    this.momentum = options.momentum;
    this.epsilon = options.epsilon;
    this.dtype = options.dtype;
    this.gamma = makeParam('gamma', [inputSize], options.dtype);
    this.gamma.value.fill(1);
    this.beta = makeParam('beta', [inputSize], options.dtype);
    this.params = [this.gamma, this.beta];
    this.runningMean = allocArray(options.dtype, inputSize);
    this.runningVar = allocArray(options.dtype, inputSize).fill(1);
    this.buffers = { runningMean: this.runningMean, runningVar: this.runningVar };
    this.mean = new Float64Array(inputSize);
    this.invStd = new Float64Array(inputSize);
  }

  forward(x: Matrix, ctx: ForwardContext): Matrix {
    checkInput(this.type, x, this.inputSize, this.dtype);
    this.usedBatchStats = ctx.training;
    if (ctx.training) this.batchStatistics(x);
    else {
      for (let j = 0; j < this.inputSize; j++) {
        this.mean[j] = this.runningMean[j];
        this.invStd[j] = 1 / Math.sqrt(this.runningVar[j] + this.epsilon);
      }
    }
    const { rows, cols } = x;
    const xhat = (this.xhat = batchMatrix(this.xhat, rows, cols, this.dtype));
    const out = (this.out = batchMatrix(this.out, rows, cols, this.dtype));
    const xs = x.data;
    const hs = xhat.data;
    const ys = out.data;
    const g = this.gamma.value;
    const b = this.beta.value;
    for (let i = 0; i < rows; i++) {
      const o = i * cols;
      for (let j = 0; j < cols; j++) {
        const h = (xs[o + j] - this.mean[j]) * this.invStd[j];
        hs[o + j] = h;
        ys[o + j] = g[j] * h + b[j];
      }
    }
    return out;
  }

  backward(dy: Matrix): Matrix {
    const xhat = this.xhat;
    if (!xhat) throw new Error('batchNorm: backward called before forward');
    const { rows, cols } = xhat;
    const gs = dy.data;
    const hs = xhat.data;
    const dGamma = this.gamma.grad;
    const dBeta = this.beta.grad;
    dGamma.fill(0);
    dBeta.fill(0);
    for (let i = 0; i < rows; i++) {
      const o = i * cols;
      for (let j = 0; j < cols; j++) {
        dBeta[j] += gs[o + j];
        dGamma[j] += gs[o + j] * hs[o + j];
      }
    }
    const dx = (this.dx = batchMatrix(this.dx, rows, cols, this.dtype));
    const ds = dx.data;
    const g = this.gamma.value;
    // With batch statistics the mean and variance depend on every row, which adds the two
    // correction terms: dx = γ·σ⁻¹·(dy − mean(dy) − x̂·mean(dy·x̂)).
    const corr = this.usedBatchStats ? 1 / rows : 0;
    for (let i = 0; i < rows; i++) {
      const o = i * cols;
      for (let j = 0; j < cols; j++) {
        ds[o + j] = g[j] * this.invStd[j] * (gs[o + j] - corr * (dBeta[j] + hs[o + j] * dGamma[j]));
      }
    }
    return dx;
  }

  private batchStatistics(x: Matrix): void {
    const { rows, cols } = x;
    const xs = x.data;
    const mean = this.mean;
    const sq = this.invStd; // holds Σ(x−mean)² until converted below
    mean.fill(0);
    sq.fill(0);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j] += xs[i * cols + j];
    for (let j = 0; j < cols; j++) mean[j] /= rows;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const d = xs[i * cols + j] - mean[j];
        sq[j] += d * d;
      }
    }
    const m = this.momentum;
    for (let j = 0; j < cols; j++) {
      this.runningMean[j] = (1 - m) * this.runningMean[j] + m * mean[j];
      if (rows > 1) this.runningVar[j] = (1 - m) * this.runningVar[j] + m * (sq[j] / (rows - 1));
      this.invStd[j] = 1 / Math.sqrt(sq[j] / rows + this.epsilon);
    }
  }
}
