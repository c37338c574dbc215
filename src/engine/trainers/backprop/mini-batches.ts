import { kernelMatrix } from '../../math/kernels';
import { type DType, type Matrix, gatherRows } from '../../math/matrix';
import type { Rng } from '../../math/random';

/** One mini-batch: its rows of the training split, in buffers reused from epoch to epoch. */
export interface Batch {
  x: Matrix;
  y: Matrix;
  /** Which rows of the split these are. */
  indices: Int32Array;
  /** The loss gradient for this batch size, allocated at its first use. */
  grad: Matrix | null;
}

/**
 * The training split in shuffled mini-batches. The order is shuffled in place at the start of every epoch
 * (one draw sequence from `rng`); buffers are allocated once per distinct batch size (the last batch of an
 * epoch may be smaller).
 */
export class MiniBatches {
  readonly size: number;
  private readonly order: Int32Array;
  private readonly buffers = new Map<number, Batch>();

  constructor(private readonly split: { x: Matrix; y: Matrix }, batchSize: number, private readonly rng: Rng, private readonly dtype: DType) {
    const n = split.x.rows;
    this.size = Math.max(1, Math.min(batchSize, n));
    this.order = new Int32Array(n).map((_, i) => i);
  }

  /** The batches of one epoch, in a fresh shuffled order. */
  *epoch(): Generator<Batch> {
    this.rng.shuffle(this.order);
    const n = this.order.length;
    for (let start = 0; start < n; start += this.size) {
      const rows = Math.min(this.size, n - start);
      const b = this.buffersFor(rows);
      b.indices = this.order.subarray(start, start + rows);
      gatherRows(this.split.x, b.indices, b.x);
      gatherRows(this.split.y, b.indices, b.y);
      yield b;
    }
  }

  private buffersFor(rows: number): Batch {
    let b = this.buffers.get(rows);
    if (!b) {
      b = { x: kernelMatrix(rows, this.split.x.cols, this.dtype), y: kernelMatrix(rows, this.split.y.cols, this.dtype), indices: this.order, grad: null };
      this.buffers.set(rows, b);
    }
    return b;
  }
}
