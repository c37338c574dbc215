import type { Matrix } from '../math/matrix';

/**
 * A loss takes the network's output and a target matrix of the same shape (one-hot rows for
 * classification, one column per output for regression) and returns the mean loss.
 * When `fusedActivation` is set, the network's trailing activation of that kind is skipped during
 * training and the loss receives the pre-activation values (logits), as PyTorch's CrossEntropyLoss
 * and BCEWithLogitsLoss do; this is what makes the result numerically stable.
 */
export interface Loss {
  readonly id: string;
  readonly fusedActivation: 'softmax' | 'sigmoid' | null;
  /** Mean loss; if grad is given, writes dLoss/dOutput (already including the 1/N of the mean). */
  compute(output: Matrix, target: Matrix, grad: Matrix | null): number;
}
