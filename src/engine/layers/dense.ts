import { kernels } from '../math/kernels';
import type { DType, Matrix } from '../math/matrix';
import type { Rng } from '../math/random';
import type { InitializerId } from '../catalog/initializers';
import { batchMatrix, checkInput, makeParam } from './layer-storage';
import { initialize } from './initializers';
import type { ForwardContext, Layer, Param } from './layer';

export interface DenseOptions {
  readonly bias: boolean;
  readonly initializer: InitializerId;
  readonly dtype: DType;
  readonly rng: Rng;
}

/** Fully connected layer y = x·W + b with W stored row-major inputSize×units. */
export class DenseLayer implements Layer {
  readonly type = 'dense';
  readonly params: readonly Param[];
  readonly buffers = {};
  private readonly weight: Param;
  private readonly bias: Param | null;
  private readonly dtype: DType;
  private input: Matrix | null = null;
  private out: Matrix | null = null;
  private dx: Matrix | null = null;
  /** What backward returns when the input gradient is not wanted. */
  private readonly noInputGrad: Matrix;

  constructor(readonly inputSize: number, readonly outputSize: number, options: DenseOptions) {
    this.dtype = options.dtype;
    this.weight = makeParam('weight', [inputSize, outputSize], options.dtype);
    initialize(options.initializer, this.weight.value, inputSize, outputSize, options.rng);
    this.bias = options.bias ? makeParam('bias', [outputSize], options.dtype) : null;
    this.params = this.bias ? [this.weight, this.bias] : [this.weight];
    this.noInputGrad = { rows: 0, cols: inputSize, data: this.weight.grad.subarray(0, 0) };
  }

  forward(x: Matrix, _ctx: ForwardContext): Matrix {
    checkInput(this.type, x, this.inputSize, this.dtype);
    const out = (this.out = batchMatrix(this.out, x.rows, this.outputSize, this.dtype));
    const k = kernels();
    k.gemm(x.data, this.weight.value, out.data, x.rows, this.inputSize, this.outputSize);
    if (this.bias) k.biasActivation(out.data, this.bias.value, out.data, x.rows, this.outputSize, 'linear', 0);
    this.input = x;
    return out;
  }

  backward(dy: Matrix, needsInputGrad = true): Matrix {
    const x = this.input;
    if (!x) throw new Error('dense: backward called before forward');
    const n = x.rows;
    const k = kernels();
    k.gemmTN(x.data, dy.data, this.weight.grad, this.inputSize, n, this.outputSize);
    if (this.bias) k.sumRows(dy.data, this.bias.grad, n, this.outputSize);
    if (!needsInputGrad) return this.noInputGrad;
    const dx = (this.dx = batchMatrix(this.dx, n, this.inputSize, this.dtype));
    k.gemmNT(dy.data, this.weight.value, dx.data, n, this.outputSize, this.inputSize);
    return dx;
  }
}
