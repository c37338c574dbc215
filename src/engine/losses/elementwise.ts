import type { Loss } from './loss';
import { checkShapes } from './check-shapes';

/**
 * A loss that is the mean over all elements of ℓ(output, target), with ∂ℓ/∂output given in closed form.
 * Covers the regression losses and binary cross-entropy on logits.
 */
function elementwiseLoss(
  id: string,
  fusedActivation: Loss['fusedActivation'],
  value: (o: number, t: number) => number,
  derivative: (o: number, t: number) => number,
): Loss {
  return {
    id,
    fusedActivation,
    compute(output, target, grad) {
      checkShapes(id, output, target, grad);
      const os = output.data;
      const ts = target.data;
      const n = os.length;
      let sum = 0;
      for (let i = 0; i < n; i++) sum += value(os[i], ts[i]);
      if (grad) {
        const gs = grad.data;
        const inv = 1 / n;
        for (let i = 0; i < n; i++) gs[i] = derivative(os[i], ts[i]) * inv;
      }
      return n === 0 ? 0 : sum / n;
    },
  };
}

/** Mean squared error (PyTorch MSELoss). */
export function mseLoss(): Loss {
  return elementwiseLoss('mse', null, (o, t) => (o - t) * (o - t), (o, t) => 2 * (o - t));
}

/** Mean absolute error (PyTorch L1Loss); the subgradient at a zero residual is 0. */
export function maeLoss(): Loss {
  return elementwiseLoss('mae', null, (o, t) => Math.abs(o - t), (o, t) => Math.sign(o - t));
}

/** PyTorch HuberLoss: ½d² for |d| ≤ δ, δ(|d| − ½δ) beyond, so large errors count linearly (δ > 0: the catalog's bound). */
export function huberLoss(delta: number): Loss {
  return elementwiseLoss(
    'huber', null,
    (o, t) => {
      const a = Math.abs(o - t);
      return a <= delta ? 0.5 * a * a : delta * (a - 0.5 * delta);
    },
    (o, t) => {
      const d = o - t;
      return d > delta ? delta : d < -delta ? -delta : d;
    },
  );
}

/**
 * Binary cross-entropy on logits z (PyTorch BCEWithLogitsLoss) in the overflow-free form
 * max(z, 0) − z·t + log(1 + e^−|z|); its gradient is σ(z) − t.
 */
export function binaryCrossEntropyLoss(): Loss {
  return elementwiseLoss(
    'binaryCrossEntropy', 'sigmoid',
    (z, t) => Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z))),
    (z, t) => sigmoid(z) - t,
  );
}

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}
