/**
 * AdamW, as torch.optim.AdamW (PyTorch 2.x): Adam with decoupled weight decay. With γ = lr,
 * λ = weightDecay:
 *
 *   θ ← θ − γλθ                                (decay first, not added to the gradient)
 *   then Adam's update (adam.ts) with no L2 term: m, v, amsgrad max, bias corrections,
 *   θ ← θ − γ·m̂ / (√v̂ + ε)
 *
 * Defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weightDecay 0.01, amsgrad false.
 * State: step, exp_avg, exp_avg_sq, max_exp_avg_sq (amsgrad only).
 */
import type { Param } from '../layers/layer';
import {
  ADAM_DEFAULTS, ADAM_STATE_KEYS, adamUpdate, createAdamState, validateAdam,
  type AdamHyperparameters, type AdamOptions, type AdamState,
} from './adam';
import { BaseOptimizer } from './optimizer-base';

export const ADAMW_DEFAULTS: Readonly<AdamHyperparameters & { lr: number }> = { ...ADAM_DEFAULTS, weightDecay: 0.01 };

export class AdamW extends BaseOptimizer<AdamHyperparameters, AdamState> {
  constructor(params: readonly Param[], options: AdamOptions = {}) {
    super(params, ADAMW_DEFAULTS, options, 'AdamW optimizer', ADAM_STATE_KEYS);
  }

  protected validate(hp: AdamHyperparameters): void {
    validateAdam(hp, this.where);
  }

  protected createState(p: Param): AdamState {
    return createAdamState(p, this.hp.amsgrad);
  }

  protected update(p: Param, s: AdamState): void {
    // PyTorch multiplies by (1 − γλ) rather than subtracting γλθ; same value, same rounding as torch.
    adamUpdate(p, s, this.lr, this.hp, 0, 1 - this.lr * this.hp.weightDecay);
  }
}
