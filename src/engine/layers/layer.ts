import type { FloatArray, Matrix } from '../math/matrix';
import type { Rng } from '../math/random';

/** A trainable tensor and its gradient, both flat row-major arrays of the same type and length. */
export interface Param {
  readonly name: string;
  readonly shape: readonly number[];
  readonly value: FloatArray;
  readonly grad: FloatArray;
}

export interface ForwardContext {
  /** Dropout is active and batchNorm uses batch statistics only while training. */
  readonly training: boolean;
  readonly rng: Rng;
}

/**
 * One layer of a sequential network. forward() caches what backward() needs; backward() overwrites
 * (not accumulates) the gradients of this layer's params and returns the gradient w.r.t. its input.
 * Output buffers are reused between calls with the same batch size, so callers must not keep them.
 */
export interface Layer {
  readonly type: string;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly params: readonly Param[];
  /** Non-trainable state saved with the weights (batchNorm running mean/variance). */
  readonly buffers: Readonly<Record<string, FloatArray>>;
  forward(x: Matrix, ctx: ForwardContext): Matrix;
  /**
   * With needsInputGrad false (the first layer of a network, whose input is the data) a layer may skip
   * the input gradient and return an empty (0-row) matrix; its params' gradients are always computed.
   */
  backward(dy: Matrix, needsInputGrad?: boolean): Matrix;
}
