import { unknownId } from '../catalog/choice';
import type { LossConfig } from '../catalog/losses';
import { crossEntropyLoss } from './cross-entropy';
import { binaryCrossEntropyLoss, huberLoss, maeLoss, mseLoss } from './elementwise';
import type { Loss } from './loss';

/** Builds the loss a resolved config names (src/engine/catalog/losses.ts). */
export function createLoss(config: LossConfig): Loss {
  switch (config.id) {
    case 'mse': return mseLoss();
    case 'mae': return maeLoss();
    case 'huber': return huberLoss(config.params.delta);
    case 'crossEntropy': return crossEntropyLoss();
    case 'binaryCrossEntropy': return binaryCrossEntropyLoss();
  }
  return unknownId('loss', config);
}
