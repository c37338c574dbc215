import type { FloatArray } from '../../math/matrix';
import type { Network } from '../../model/network';
import type { BackpropConfig } from '../types';

type EarlyStoppingConfig = NonNullable<BackpropConfig['earlyStopping']>;

/**
 * The epoch with the best monitored loss and a snapshot of its weights, and (when configured) early stopping:
 * stop after `patience` epochs without an improvement of more than `minDelta`. Without early stopping the
 * snapshot still serves to fall back on when training diverges.
 */
export class BestEpoch {
  /** 1-based epoch with the best monitored loss, null until one finished. */
  epoch: number | null = null;
  private best = Infinity;
  private weights: Map<string, FloatArray> | null = null;
  private wait = 0;

  constructor(private readonly rule: EarlyStoppingConfig | null) {}

  /** Takes an epoch's monitored loss; true when early stopping says to stop now. */
  observe(epoch: number, monitored: number, network: Network): boolean {
    if (monitored < this.best - (this.rule?.minDelta ?? 0)) {
      this.best = monitored;
      this.epoch = epoch;
      this.wait = 0;
      if (this.rule?.restoreBest !== false) this.weights = network.snapshot();
      return false;
    }
    return this.rule !== null && ++this.wait >= this.rule.patience;
  }

  /** Whether any weights are worth keeping after a divergence (an epoch finished before it). */
  get hasWeights(): boolean {
    return this.weights !== null;
  }

  /**
   * Puts the best epoch's weights back where they are the ones to keep: diverged weights are useless, and
   * early stopping restores the best epoch unless told not to.
   */
  restoreInto(network: Network, diverged: boolean): void {
    if (this.weights && (diverged || (this.rule && this.rule.restoreBest !== false))) network.restore(this.weights);
  }
}
