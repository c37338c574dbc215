/**
 * RMSprop, as torch.optim.RMSprop (PyTorch 2.x), with γ = lr, α = alpha, ε = eps, λ = weightDecay,
 * μ = momentum:
 *
 *   g ← ∇θ
 *   if λ ≠ 0: g ← g + λθ
 *   v ← αv + (1 − α)g²
 *   ṽ ← v
 *   if centered: g_avg ← α·g_avg + (1 − α)g;  ṽ ← ṽ − g_avg²
 *   if μ > 0: b ← μb + g / (√ṽ + ε);  θ ← θ − γb
 *   else:     θ ← θ − γ·g / (√ṽ + ε)
 *
 * Settings, PyTorch's defaults and bounds: RMSPROP_FIELDS in src/engine/catalog/optimizers.ts.
 * State: step, square_avg, momentum_buffer (momentum > 0), grad_avg (centered).
 */
import { RMSPROP_FIELDS, type RmspropOptions } from '../catalog/optimizers';
import type { Param } from '../layers/layer';
import type { FloatArray } from '../math/matrix';
import { PerParamOptimizer, bufferLike } from './optimizer-base';

type RmspropState = {
  step: number;
  square_avg: FloatArray;
  momentum_buffer?: FloatArray;
  grad_avg?: FloatArray;
};

export class Rmsprop extends PerParamOptimizer<typeof RMSPROP_FIELDS, RmspropState> {
  constructor(params: readonly Param[], options: RmspropOptions) {
    super(params, options, RMSPROP_FIELDS, 'RMSprop optimizer', ['step', 'square_avg', 'momentum_buffer', 'grad_avg']);
  }

  protected createState(p: Param): RmspropState {
    const s: RmspropState = { step: 0, square_avg: bufferLike(p) };
    if (this.hp.momentum > 0) s.momentum_buffer = bufferLike(p);
    if (this.hp.centered) s.grad_avg = bufferLike(p);
    return s;
  }

  protected update(p: Param, s: RmspropState): void {
    const { alpha, eps, weightDecay: wd, momentum: mu } = this.hp;
    const lr = this.lr;
    s.step++;
    const theta = p.value;
    const grad = p.grad;
    const sq = s.square_avg;
    const gAvg = s.grad_avg;
    const buf = s.momentum_buffer;
    for (let i = 0; i < theta.length; i++) {
      const g = grad[i] + wd * theta[i];
      const v = alpha * sq[i] + (1 - alpha) * g * g;
      sq[i] = v;
      let vTilde = v;
      if (gAvg !== undefined) {
        const a = alpha * gAvg[i] + (1 - alpha) * g;
        gAvg[i] = a;
        // Mathematically ≥ 0, but float32 storage can round it just below 0, where √ would give NaN.
        vTilde = Math.max(v - a * a, 0);
      }
      const scaled = g / (Math.sqrt(vTilde) + eps);
      if (buf !== undefined) {
        const b = mu * buf[i] + scaled;
        buf[i] = b;
        theta[i] -= lr * b;
      } else {
        theta[i] -= lr * scaled;
      }
    }
  }
}
