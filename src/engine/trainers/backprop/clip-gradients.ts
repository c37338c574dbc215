import type { FloatArray } from '../../math/matrix';
import type { ClippingConfig } from '../types';

/**
 * PyTorch's clip_grad_norm_ (scale every gradient by max/(‖g‖ + 1e-6) when the global L2 norm exceeds
 * max) and clip_grad_value_ (clamp each entry to [−v, v]). `sumSquares[i]` is Σ grads[i]², already
 * computed for the gradient-norm statistics, so the norm costs nothing extra.
 */
export function clipGradients(grads: readonly FloatArray[], sumSquares: ArrayLike<number>, clipping: ClippingConfig): void {
  if (clipping.mode === 'norm') {
    let total = 0;
    for (let i = 0; i < grads.length; i++) total += sumSquares[i];
    const norm = Math.sqrt(total);
    const coef = clipping.value / (norm + 1e-6);
    if (coef >= 1) return;
    for (const g of grads) for (let j = 0; j < g.length; j++) g[j] *= coef;
  } else if (clipping.mode === 'value') {
    const v = clipping.value;
    for (const g of grads) for (let j = 0; j < g.length; j++) g[j] = g[j] > v ? v : g[j] < -v ? -v : g[j];
  }
}
