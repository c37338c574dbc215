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
 * Settings, PyTorch's defaults and bounds: ADAGRAD_FIELDS in src/engine/catalog/optimizers.ts.
 * State: step, sum.
 */
import { ADAGRAD_FIELDS, type AdagradOptions } from '../catalog/optimizers';
import type { Param } from '../layers/layer';
import type { FloatArray } from '../math/matrix';
import { PerParamOptimizer, bufferLike } from './optimizer-base';

type AdagradState = { step: number; sum: FloatArray };

export class Adagrad extends PerParamOptimizer<typeof ADAGRAD_FIELDS, AdagradState> {
  constructor(params: readonly Param[], options: AdagradOptions) {
    super(params, options, ADAGRAD_FIELDS, 'Adagrad optimizer', ['step', 'sum']);
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
