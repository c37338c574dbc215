import type { DType, Matrix } from '../math/matrix';
import { batchMatrix, checkInput } from './layer-storage';
import type { ForwardContext, Layer } from './layer';

/**
 * Inverted dropout: while training each unit is zeroed with probability `rate` and the kept ones are
 * scaled by 1/(1−rate), so the expected activation is unchanged and evaluation is a plain identity.
 */
export class DropoutLayer implements Layer {
  readonly type = 'dropout';
  readonly params = [];
  readonly buffers = {};
  readonly outputSize: number;
  /** 0 or 1/(1−rate) per element of the last training batch; doubles as the backward multiplier. */
  private mask: Matrix | null = null;
  private out: Matrix | null = null;
  private dx: Matrix | null = null;
  private maskActive = false;

  /** `rate` within the catalog's bounds (below 1, so 1/(1−rate) is finite). */
  constructor(readonly inputSize: number, readonly rate: number, private readonly dtype: DType) {
    this.outputSize = inputSize;
  }

  forward(x: Matrix, ctx: ForwardContext): Matrix {
    checkInput(this.type, x, this.inputSize, this.dtype);
    this.maskActive = ctx.training && this.rate > 0;
    if (!this.maskActive) return x;
    const mask = (this.mask = batchMatrix(this.mask, x.rows, x.cols, this.dtype));
    const out = (this.out = batchMatrix(this.out, x.rows, x.cols, this.dtype));
    const scale = 1 / (1 - this.rate);
    const m = mask.data;
    const xs = x.data;
    const ys = out.data;
    for (let i = 0; i < xs.length; i++) {
      m[i] = ctx.rng.next() < this.rate ? 0 : scale;
      ys[i] = xs[i] * m[i];
    }
    return out;
  }

  backward(dy: Matrix): Matrix {
    if (!this.maskActive) return dy;
    const m = (this.mask as Matrix).data;
    const dx = (this.dx = batchMatrix(this.dx, dy.rows, dy.cols, this.dtype));
    const gs = dy.data;
    const ds = dx.data;
    for (let i = 0; i < gs.length; i++) ds[i] = gs[i] * m[i];
    return dx;
  }
}
