/**
 * torch.optim.lr_scheduler.ReduceLROnPlateau in mode "min" with a relative threshold. After each epoch:
 *   better ⇔ loss < best·(1 − threshold)   → best ← loss, bad ← 0;  otherwise bad ← bad + 1
 *   during cooldown: cooldown ← cooldown − 1 and bad ← 0
 *   bad > patience → lr ← max(lr·factor, minLr) (skipped if that changes lr by ≤ 1e-8),
 *                    cooldown ← cooldown setting, bad ← 0
 * Settings, PyTorch's defaults and bounds: PLATEAU_FIELDS in src/engine/catalog/schedules.ts.
 */
import type { PlateauOptions } from '../catalog/schedules';
import type { LrHolder, LrScheduler } from './lr-scheduler';

/** PyTorch's eps: reductions smaller than this are ignored. */
const MIN_LR_CHANGE = 1e-8;

export class ReduceOnPlateau implements LrScheduler {
  private best = Infinity;
  private badEpochs = 0;
  private cooldownLeft = 0;

  constructor(private readonly optimizer: LrHolder, private readonly options: PlateauOptions) {}

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
