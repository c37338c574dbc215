import type { ForwardContext, Layer, Param } from '../layers/layer';
import { createLayer } from '../layers/create-layer';
import type { DType, FloatArray, Matrix } from '../math/matrix';
import type { Rng } from '../math/random';
import type { LayerSpec } from './spec';

/** A parameter together with the layer it belongs to, for per-layer statistics and divergence reports. */
export interface NetworkParam {
  readonly layer: number;
  readonly param: Param;
}

/**
 * A sequential network built from a fully resolved layer list (hidden layers plus output head).
 * `forward(x, ctx, end)` runs layers [0, end) so a loss with a fused activation can stop before the
 * trailing softmax/sigmoid; `backward(dy, end)` then starts from layer end − 1.
 */
export class Network {
  readonly layers: Layer[];
  readonly params: NetworkParam[];

  constructor(readonly specs: readonly LayerSpec[], readonly inputSize: number, readonly dtype: DType, rng: Rng) {
    let width = inputSize;
    this.layers = specs.map((spec) => {
      const layer = createLayer(spec, width, { dtype, rng });
      width = layer.outputSize;
      return layer;
    });
    this.params = this.layers.flatMap((layer, i) => layer.params.map((param) => ({ layer: i, param })));
  }

  get outputSize(): number {
    return this.layers.length ? this.layers[this.layers.length - 1].outputSize : this.inputSize;
  }

  forward(x: Matrix, ctx: ForwardContext, end = this.layers.length): Matrix {
    let h = x;
    for (let i = 0; i < end; i++) h = this.layers[i].forward(h, ctx);
    return h;
  }

  backward(dy: Matrix, end = this.layers.length): void {
    let g = dy;
    // The first layer's input gradient would be the gradient w.r.t. the data: nobody reads it.
    for (let i = end - 1; i >= 0; i--) g = this.layers[i].backward(g, i > 0);
  }

  /** Every trainable value and buffer under a stable name (`<layer index>.<name>`), for saving and restoring. */
  namedArrays(): Map<string, FloatArray> {
    const out = new Map<string, FloatArray>();
    this.layers.forEach((layer, i) => {
      for (const p of layer.params) out.set(`${i}.${p.name}`, p.value);
      for (const [name, buf] of Object.entries(layer.buffers)) out.set(`${i}.${name}`, buf);
    });
    return out;
  }

  /** A copy of all weights and buffers (early-stopping snapshots). */
  snapshot(): Map<string, FloatArray> {
    const out = new Map<string, FloatArray>();
    for (const [k, v] of this.namedArrays()) out.set(k, v.slice());
    return out;
  }

  restore(arrays: ReadonlyMap<string, ArrayLike<number>>): void {
    for (const [k, target] of this.namedArrays()) {
      const src = arrays.get(k);
      if (!src || src.length !== target.length) throw new Error(`weights do not match the network at ${k}`);
      target.set(src);
    }
  }

  /** The human-readable name of layer i, e.g. "layer 3 (dense)". */
  layerName(i: number): string {
    return `layer ${i + 1} (${this.layers[i].type})`;
  }
}
