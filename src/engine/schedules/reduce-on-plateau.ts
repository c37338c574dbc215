/**
 * torch.optim.lr_scheduler.ReduceLROnPlateau in mode "min" with a relative threshold. After each epoch:
 *   better ⇔ loss < best·(1 − threshold)   → best ← loss, bad ← 0;  otherwise bad ← bad + 1
 *   during cooldown: cooldown ← cooldown − 1 and bad ← 0
 *   bad > patience → lr ← max(lr·factor, minLr) (skipped if that changes lr by ≤ 1e-8),
 *                    cooldown ← cooldown setting, bad ← 0
 * Defaults: factor 0.1, patience 10, threshold 1e-4, cooldown 0, minLr 0.
 */
import { ParamError } from '../registry/param-schema';
import type { LrHolder, LrScheduler } from './lr-scheduler';

export interface PlateauOptions {
  factor: number;
  patience: number;
  threshold: number;
  cooldown: number;
  minLr: number;
}

export const PLATEAU_DEFAULTS: Readonly<PlateauOptions> = { factor: 0.1, patience: 10, threshold: 1e-4, cooldown: 0, minLr: 0 };

/** PyTorch's eps: reductions smaller than this are ignored. */
const MIN_LR_CHANGE = 1e-8;

export class ReduceOnPlateau implements LrScheduler {
  private best = Infinity;
  private badEpochs = 0;
  private cooldownLeft = 0;
  private readonly options: PlateauOptions;

  constructor(private readonly optimizer: LrHolder, options: Partial<PlateauOptions> = {}) {
    this.options = { ...PLATEAU_DEFAULTS, ...options };
    const where = 'Reduce on plateau';
    if (!(this.options.factor > 0 && this.options.factor < 1)) throw new ParamError(where, 'factor', 'must be between 0 and 1 (exclusive)');
    if (!(this.options.patience >= 0)) throw new ParamError(where, 'patience', 'must be ≥ 0');
    if (!(this.options.threshold >= 0)) throw new ParamError(where, 'threshold', 'must be ≥ 0');
    if (!(this.options.cooldown >= 0)) throw new ParamError(where, 'cooldown', 'must be ≥ 0');
    if (!(this.options.minLr >= 0)) throw new ParamError(where, 'minLr', 'must be ≥ 0');
  }

  step(valLoss: number): void {
    const { factor, patience, threshold, cooldown, minLr } = this.options;
    if (valLoss < this.best * (1 - threshold)) {
      this.best = valLoss;
      this.badEpochs = 0;
    } else {
      this.badEpochs++;
    }
    if (this.cooldownLeft > 0) {
      this.cooldownLeft--;
      this.badEpochs = 0;
    }
    if (this.badEpochs > patience) {
      const old = this.optimizer.lr;
      const next = Math.max(old * factor, minLr);
      if (old - next > MIN_LR_CHANGE) this.optimizer.lr = next;
      this.cooldownLeft = cooldown;
      this.badEpochs = 0;
    }
  }
}
