/**
 * Adagrad, as torch.optim.Adagrad (PyTorch 2.x), with γ = lr, η = lrDecay, λ = weightDecay,
 * τ = initialAccumulatorValue, ε = eps:
 *
 *   sum₀ ← τ
 *   t ← t + 1;  g ← ∇θ
 *   γ̃ ← γ / (1 + (t − 1)η)
 *   if λ ≠ 0: g ← g + λθ
 *   sum ← sum + g²
 *   θ ← θ − γ̃·g / (√sum + ε)
 *
 * Defaults: lr 1e-2, lrDecay 0, weightDecay 0, initialAccumulatorValue 0, eps 1e-10.
 * State: step, sum.
 */
import type { Param } from '../layers/layer';
import type { FloatArray } from '../math/matrix';
import { BaseOptimizer, bufferLike, check } from './optimizer-base';

export type AdagradHyperparameters = {
  lrDecay: number;
  weightDecay: number;
  initialAccumulatorValue: number;
  eps: number;
};

export type AdagradOptions = Partial<AdagradHyperparameters> & { lr?: number };

export const ADAGRAD_DEFAULTS: Readonly<AdagradHyperparameters & { lr: number }> = {
  lr: 1e-2,
  lrDecay: 0,
  weightDecay: 0,
  initialAccumulatorValue: 0,
  eps: 1e-10,
};

type AdagradState = { step: number; sum: FloatArray };

export class Adagrad extends BaseOptimizer<AdagradHyperparameters, AdagradState> {
  constructor(params: readonly Param[], options: AdagradOptions = {}) {
    super(params, ADAGRAD_DEFAULTS, options, 'Adagrad optimizer', ['step', 'sum']);
  }

  protected validate(hp: AdagradHyperparameters): void {
    check(hp.lrDecay >= 0, this.where, 'lrDecay', 'must be ≥ 0');
    check(hp.weightDecay >= 0, this.where, 'weightDecay', 'must be ≥ 0');
    check(hp.initialAccumulatorValue >= 0, this.where, 'initialAccumulatorValue', 'must be ≥ 0');
    check(hp.eps >= 0, this.where, 'eps', 'must be ≥ 0');
  }

  protected createState(p: Param): AdagradState {
    return { step: 0, sum: bufferLike(p, this.hp.initialAccumulatorValue) };
  }

  protected update(p: Param, s: AdagradState): void {
    const { lrDecay, weightDecay: wd, eps } = this.hp;
    const t = ++s.step;
    const clr = this.lr / (1 + (t - 1) * lrDecay);
    const theta = p.value;
    const grad = p.grad;
    const sum = s.sum;
    for (let i = 0; i < theta.length; i++) {
      const g = grad[i] + wd * theta[i];
      const acc = sum[i] + g * g;
      sum[i] = acc;
      theta[i] -= (clr * g) / (Math.sqrt(acc) + eps);
    }
  }
}
