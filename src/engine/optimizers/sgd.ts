/**
 * Stochastic gradient descent, as torch.optim.SGD (PyTorch 2.x), with γ = lr, λ = weightDecay,
 * μ = momentum, τ = dampening:
 *
 *   g ← ∇θ
 *   if λ ≠ 0: g ← g + λθ
 *   if μ ≠ 0:
 *     b ← g at the first step, else b ← μb + (1 − τ)g
 *     g ← nesterov ? g + μb : b
 *   θ ← θ − γg
 *
 * Defaults: momentum 0, dampening 0, nesterov false, weightDecay 0; lr must be given (the registry
 * suggests 1e-3, PyTorch 2.x's default). Nesterov needs momentum > 0 and dampening = 0. State: momentum_buffer,
 * only when momentum ≠ 0.
 */
import type { Param } from '../layers/layer';
import type { FloatArray } from '../math/matrix';
import { BaseOptimizer, bufferLike, check } from './optimizer-base';

export type SgdHyperparameters = {
  momentum: number;
  dampening: number;
  nesterov: boolean;
  weightDecay: number;
};

export type SgdOptions = Partial<SgdHyperparameters> & { lr: number };

/** lr is required by the constructor; its value here is only the registry's suggestion. */
export const SGD_DEFAULTS: Readonly<SgdHyperparameters & { lr: number }> = {
  lr: 1e-3,
  momentum: 0,
  dampening: 0,
  nesterov: false,
  weightDecay: 0,
};

type SgdState = { momentum_buffer?: FloatArray };

export class Sgd extends BaseOptimizer<SgdHyperparameters, SgdState> {
  constructor(params: readonly Param[], options: SgdOptions) {
    super(params, SGD_DEFAULTS, options, 'SGD optimizer', ['momentum_buffer']);
  }

  protected validate(hp: SgdHyperparameters): void {
    check(hp.momentum >= 0, this.where, 'momentum', 'must be ≥ 0');
    check(hp.weightDecay >= 0, this.where, 'weightDecay', 'must be ≥ 0');
    check(!hp.nesterov || (hp.momentum > 0 && hp.dampening === 0), this.where, 'nesterov', 'needs momentum > 0 and dampening = 0');
  }

  protected createState(): SgdState {
    return {};
  }

  protected update(p: Param, s: SgdState): void {
    const { momentum: mu, dampening, nesterov, weightDecay: wd } = this.hp;
    const lr = this.lr;
    const theta = p.value;
    const grad = p.grad;
    if (mu === 0) {
      for (let i = 0; i < theta.length; i++) theta[i] -= lr * (grad[i] + wd * theta[i]);
      return;
    }
    const first = s.momentum_buffer === undefined;
    const buf = (s.momentum_buffer ??= bufferLike(p));
    for (let i = 0; i < theta.length; i++) {
      const g = grad[i] + wd * theta[i];
      const b = first ? g : mu * buf[i] + (1 - dampening) * g;
      buf[i] = b;
      theta[i] -= lr * (nesterov ? g + mu * b : b);
    }
  }
}
