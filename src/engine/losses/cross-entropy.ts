import type { Loss } from './loss';
import { checkShapes } from './check-shapes';

/**
 * Categorical cross-entropy on logits (PyTorch CrossEntropyLoss with probability targets), mean over rows:
 * per row −Σ_j t_j·log softmax(z)_j = (Σ_j t_j)·lse(z) − Σ_j t_j·z_j with lse computed max-shifted.
 * Gradient per row: softmax(z)·Σ_j t_j − t, which is softmax − t for one-hot or any targets summing to 1.
 */
export function crossEntropyLoss(): Loss {
  return {
    id: 'crossEntropy',
    fusedActivation: 'softmax',
    compute(output, target, grad) {
      checkShapes('crossEntropy', output, target, grad);
      const { rows, cols } = output;
      const zs = output.data;
      const ts = target.data;
      const gs = grad?.data;
      let total = 0;
      for (let i = 0; i < rows; i++) {
        const o = i * cols;
        let max = -Infinity;
        for (let j = 0; j < cols; j++) if (zs[o + j] > max) max = zs[o + j];
        let sumExp = 0;
        let tSum = 0;
        let tDotZ = 0;
        for (let j = 0; j < cols; j++) {
          sumExp += Math.exp(zs[o + j] - max);
          tSum += ts[o + j];
          tDotZ += ts[o + j] * (zs[o + j] - max);
        }
        // Shifting z by the max leaves the loss unchanged and keeps every term finite.
        total += tSum * Math.log(sumExp) - tDotZ;
        if (gs) {
          const scale = 1 / (sumExp * rows);
          for (let j = 0; j < cols; j++) gs[o + j] = Math.exp(zs[o + j] - max) * tSum * scale - ts[o + j] / rows;
        }
      }
      return rows === 0 ? 0 : total / rows;
    },
  };
}
