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
 * AdamW, as torch.optim.AdamW, is the same update with decoupled weight decay (decay 'decoupled'):
 *
 *   θ ← θ − γλθ                                (decay first, not added to the gradient)
 *   then the update above with no L2 term
 *
 * As in PyTorch's implementation (and its current docs), amsgrad keeps the running maximum of the raw
 * v and bias-corrects that maximum. Settings, PyTorch's defaults (AdamW: weightDecay 0.01) and bounds:
 * ADAM_FIELDS / ADAMW_FIELDS in src/engine/catalog/optimizers.ts. State: step, exp_avg, exp_avg_sq,
 * max_exp_avg_sq (amsgrad only).
 */
import { ADAM_FIELDS, ADAMW_FIELDS, type AdamOptions } from '../catalog/optimizers';
import type { Param } from '../layers/layer';
import { kernels } from '../math/kernels';
import type { FloatArray } from '../math/matrix';
import { BaseOptimizer, bufferLike } from './optimizer-base';

type AdamState = {
  step: number;
  exp_avg: FloatArray;
  exp_avg_sq: FloatArray;
  max_exp_avg_sq?: FloatArray;
};

/** How weight decay enters: 'l2' adds λθ to the gradient (Adam), 'decoupled' shrinks θ by 1 − γλ first (AdamW). */
type AdamDecay = 'l2' | 'decoupled';

export class Adam extends BaseOptimizer<typeof ADAM_FIELDS, AdamState> {
  constructor(params: readonly Param[], options: AdamOptions, private readonly decay: AdamDecay = 'l2') {
    super(
      params, options, decay === 'l2' ? ADAM_FIELDS : ADAMW_FIELDS, decay === 'l2' ? 'Adam optimizer' : 'AdamW optimizer',
      ['step', 'exp_avg', 'exp_avg_sq', 'max_exp_avg_sq'],
    );
  }

  protected createState(p: Param): AdamState {
    const s: AdamState = { step: 0, exp_avg: bufferLike(p), exp_avg_sq: bufferLike(p) };
    if (this.hp.amsgrad) s.max_exp_avg_sq = bufferLike(p);
    return s;
  }

  protected update(p: Param, s: AdamState): void {
    const { beta1, beta2, eps, weightDecay } = this.hp;
    const lr = this.lr;
    const t = ++s.step;
    const decoupled = this.decay === 'decoupled';
    const scalars = {
      beta1, beta2, eps, stepSize: lr / (1 - beta1 ** t), bias2Sqrt: Math.sqrt(1 - beta2 ** t),
      l2: decoupled ? 0 : weightDecay,
      // PyTorch multiplies by (1 − γλ) rather than subtracting γλθ; same value, same rounding as torch.
      shrink: decoupled ? 1 - lr * weightDecay : 1,
    };
    kernels().adamStep(p.value, p.grad, s.exp_avg, s.exp_avg_sq, s.max_exp_avg_sq ?? null, scalars);
  }
}
