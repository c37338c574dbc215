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
import { kernels, type AdamStepScalars, type AdamTensors } from '../math/kernels';
import type { FloatArray } from '../math/matrix';
import { BaseOptimizer, bufferLike, type ParamStep } from './optimizer-base';

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

  /**
   * All params in one kernel call. Params whose states went through different numbers of steps (a loaded state
   * dict that lacked some) need different bias corrections, so each step count is a call of its own.
   */
  protected apply(steps: readonly ParamStep<AdamState>[]): void {
    const byStep = new Map<number, AdamTensors[]>();
    for (const { param, state } of steps) {
      const t = ++state.step;
      const tensors = byStep.get(t) ?? byStep.set(t, []).get(t)!;
      tensors.push({ theta: param.value, grad: param.grad, m: state.exp_avg, v: state.exp_avg_sq, vMax: state.max_exp_avg_sq ?? null });
    }
    for (const [t, tensors] of byStep) kernels().adamStep(tensors, this.scalars(t));
  }

  /** The step scalars at step t, bias corrections folded in (kernels.ts, AdamStepScalars). */
  private scalars(t: number): AdamStepScalars {
    const { beta1, beta2, eps, weightDecay } = this.hp;
    const lr = this.lr;
    const decoupled = this.decay === 'decoupled';
    return {
      beta1, beta2, eps, stepSize: lr / (1 - beta1 ** t), bias2Sqrt: Math.sqrt(1 - beta2 ** t),
      l2: decoupled ? 0 : weightDecay,
      // PyTorch multiplies by (1 − γλ) rather than subtracting γλθ; same value, same rounding as torch.
      shrink: decoupled ? 1 - lr * weightDecay : 1,
    };
  }
}
