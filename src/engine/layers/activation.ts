import type { PointwiseActivation } from '../catalog/activations';
import { kernels } from '../math/kernels';
import type { DType, Matrix } from '../math/matrix';
import { batchMatrix, checkInput } from './layer-storage';
import type { ForwardContext, Layer } from './layer';

/** Everything the activation layer computes: the kernels' pointwise set plus row-wise softmax. */
export type ActivationKind = PointwiseActivation | 'softmax';

/** A parameter-free layer applying f elementwise (or softmax per row); output width = input width. */
export class ActivationLayer implements Layer {
  readonly type = 'activation';
  readonly params = [];
  readonly buffers = {};
  readonly outputSize: number;
  private input: Matrix | null = null;
  private out: Matrix | null = null;
  private dx: Matrix | null = null;

  constructor(
    readonly inputSize: number,
    readonly activation: ActivationKind,
    readonly alpha: number,
    private readonly dtype: DType,
  ) {
    this.outputSize = inputSize;
  }

  forward(x: Matrix, _ctx: ForwardContext): Matrix {
    checkInput(this.type, x, this.inputSize, this.dtype);
    this.input = x;
    // Identity: hand the input through rather than copy it.
    if (this.activation === 'linear') return x;
    const out = (this.out = batchMatrix(this.out, x.rows, this.outputSize, this.dtype));
    if (this.activation === 'softmax') softmaxRows(x, out);
    else kernels().biasActivation(x.data, null, out.data, x.rows, x.cols, this.activation, this.alpha);
    return out;
  }

  backward(dy: Matrix): Matrix {
    const x = this.input;
    if (!x) throw new Error('activation: backward called before forward');
    if (this.activation === 'linear') return dy;
    const y = this.out as Matrix;
    const dx = (this.dx = batchMatrix(this.dx, x.rows, this.inputSize, this.dtype));
    if (this.activation === 'softmax') softmaxBackward(y, dy, dx);
    else kernels().activationBackward(x.data, y.data, dy.data, dx.data, x.data.length, this.activation, this.alpha);
    return dx;
  }
}

/** Row-wise softmax, shifted by the row maximum so exp never overflows. */
function softmaxRows(x: Matrix, out: Matrix): void {
  const { rows, cols } = x;
  const xs = x.data;
  const ys = out.data;
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let max = -Infinity;
    for (let j = 0; j < cols; j++) if (xs[o + j] > max) max = xs[o + j];
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp(xs[o + j] - max);
      ys[o + j] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let j = 0; j < cols; j++) ys[o + j] *= inv;
  }
}

/** Jacobian-vector product of softmax: dx = y ⊙ (dy − Σ_j dy_j·y_j), row by row. */
function softmaxBackward(y: Matrix, dy: Matrix, dx: Matrix): void {
  const { rows, cols } = y;
  const ys = y.data;
  const gs = dy.data;
  const ds = dx.data;
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let dot = 0;
    for (let j = 0; j < cols; j++) dot += gs[o + j] * ys[o + j];
    for (let j = 0; j < cols; j++) ds[o + j] = ys[o + j] * (gs[o + j] - dot);
  }
}
