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
 * Settings, defaults and bounds (nesterov needs momentum > 0 and dampening = 0): SGD_FIELDS in
 * src/engine/catalog/optimizers.ts. State: momentum_buffer, only when momentum ≠ 0.
 */
import { SGD_FIELDS, type SgdOptions } from '../catalog/optimizers';
import type { Param } from '../layers/layer';
import type { FloatArray } from '../math/matrix';
import { PerParamOptimizer, bufferLike } from './optimizer-base';

type SgdState = { momentum_buffer?: FloatArray };

export class Sgd extends PerParamOptimizer<typeof SGD_FIELDS, SgdState> {
  constructor(params: readonly Param[], options: SgdOptions) {
    super(params, options, SGD_FIELDS, 'SGD optimizer', ['momentum_buffer']);
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
