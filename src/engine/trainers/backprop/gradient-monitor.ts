import { kernels } from '../../math/kernels';
import type { Network } from '../../model/network';
import type { LayerStats } from '../types';

/**
 * Watches the gradients of every batch: their squared norms (which clipping reuses), the first layer whose
 * gradient is not finite, and per layer the mean gradient norm over an epoch's batches (the run's
 * gradient-norm chart).
 */
export class GradientMonitor {
  /** Σ g² of each parameter's gradient in the last batch, in network.params order. */
  readonly paramSquares: Float64Array;
  private readonly layers: number[];
  private readonly layerSquares: Float64Array;
  private readonly layerNormSums: Float64Array;
  private batches = 0;

  constructor(private readonly network: Network) {
    this.layers = [...new Set(network.params.map((p) => p.layer))];
    this.layerSquares = new Float64Array(network.layers.length);
    this.layerNormSums = new Float64Array(network.layers.length);
    this.paramSquares = new Float64Array(network.params.length);
  }

  startEpoch(): void {
    this.layerNormSums.fill(0);
    this.batches = 0;
  }

  /** Measures the batch's gradients; returns the index of the first layer whose gradient is not finite, else null. */
  measureBatch(): number | null {
    const { params } = this.network;
    this.layerSquares.fill(0);
    for (let p = 0; p < params.length; p++) {
      const { layer, param } = params[p];
      const sq = kernels().sumSquares(param.grad);
      if (!Number.isFinite(sq)) return layer;
      this.paramSquares[p] = sq;
      this.layerSquares[layer] += sq;
    }
    for (const l of this.layers) this.layerNormSums[l] += Math.sqrt(this.layerSquares[l]);
    this.batches++;
    return null;
  }

  /** Per layer with parameters: the epoch's mean gradient norm and the current weight norm. */
  epochStats(): LayerStats[] {
    return this.layers.map((l) => ({
      layer: l,
      name: this.network.layerName(l),
      gradNorm: this.layerNormSums[l] / Math.max(1, this.batches),
      weightNorm: Math.sqrt(this.network.layers[l].params.reduce((s, p) => s + kernels().sumSquares(p.value), 0)),
    }));
  }
}
