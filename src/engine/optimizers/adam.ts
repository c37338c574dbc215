/**
 * Adam, as torch.optim.Adam (PyTorch 2.x), with γ = lr, β1, β2, ε = eps, λ = weightDecay:
 *
 *   t ← t + 1;  g ← ∇θ
 *   if λ ≠ 0: g ← g + λθ                      (L2 penalty added to the gradient)
 *   m ← β1·m + (1 − β1)·g
 *   v ← β2·v + (1 − β2)·g²
 *   m̂ ← m / (1 − β1ᵗ)
 *   amsgrad: v_max ← max(v_max, v);  v̂ ← v_max / (1 − β2ᵗ)
 *   else:                            v̂ ← v / (1 − β2ᵗ)
 *   θ ← θ − γ·m̂ / (√v̂ + ε)                   (ε outside the square root)
 *
 * As in PyTorch's implementation (and its current docs), amsgrad keeps the running maximum of the raw
 * v and bias-corrects that maximum. Defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weightDecay 0,
 * amsgrad false. State: step, exp_avg, exp_avg_sq, max_exp_avg_sq (amsgrad only).
 * AdamW (adamw.ts) shares the moment arithmetic below.
 */
import type { Param } from '../layers/layer';
import { kernels } from '../math/kernels';
import type { FloatArray } from '../math/matrix';
import { BaseOptimizer, bufferLike, check } from './optimizer-base';

export type AdamHyperparameters = {
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
};

export type AdamOptions = Partial<AdamHyperparameters> & { lr?: number };

export const ADAM_DEFAULTS: Readonly<AdamHyperparameters & { lr: number }> = {
  lr: 1e-3,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  weightDecay: 0,
  amsgrad: false,
};

export type AdamState = {
  step: number;
  exp_avg: FloatArray;
  exp_avg_sq: FloatArray;
  max_exp_avg_sq?: FloatArray;
};

export const ADAM_STATE_KEYS = ['step', 'exp_avg', 'exp_avg_sq', 'max_exp_avg_sq'] as const;

export function validateAdam(hp: AdamHyperparameters, where: string): void {
  check(hp.beta1 >= 0 && hp.beta1 < 1, where, 'beta1', 'must be in [0, 1)');
  check(hp.beta2 >= 0 && hp.beta2 < 1, where, 'beta2', 'must be in [0, 1)');
  check(hp.eps >= 0, where, 'eps', 'must be ≥ 0');
  check(hp.weightDecay >= 0, where, 'weightDecay', 'must be ≥ 0');
}

export function createAdamState(p: Param, amsgrad: boolean): AdamState {
  const s: AdamState = { step: 0, exp_avg: bufferLike(p), exp_avg_sq: bufferLike(p) };
  if (amsgrad) s.max_exp_avg_sq = bufferLike(p);
  return s;
}

/**
 * One Adam update of p. `l2` is the coupled weight decay added to the gradient (Adam) and `shrink`
 * the factor θ is multiplied by first (AdamW's decoupled decay 1 − γλ; 1 for Adam).
 */
export function adamUpdate(p: Param, s: AdamState, lr: number, hp: AdamHyperparameters, l2: number, shrink: number): void {
  const { beta1, beta2, eps } = hp;
  const t = ++s.step;
  const scalars = { beta1, beta2, eps, stepSize: lr / (1 - beta1 ** t), bias2Sqrt: Math.sqrt(1 - beta2 ** t), l2, shrink };
  kernels().adamStep(p.value, p.grad, s.exp_avg, s.exp_avg_sq, s.max_exp_avg_sq ?? null, scalars);
}

export class Adam extends BaseOptimizer<AdamHyperparameters, AdamState> {
  constructor(params: readonly Param[], options: AdamOptions = {}) {
    super(params, ADAM_DEFAULTS, options, 'Adam optimizer', ADAM_STATE_KEYS);
  }

  protected validate(hp: AdamHyperparameters): void {
    validateAdam(hp, this.where);
  }

  protected createState(p: Param): AdamState {
    return createAdamState(p, this.hp.amsgrad);
  }

  protected update(p: Param, s: AdamState): void {
    adamUpdate(p, s, this.lr, this.hp, this.hp.weightDecay, 1);
  }
}
