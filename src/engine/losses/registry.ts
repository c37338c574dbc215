import type { Task } from '../data/table';
import { resolveParams, type Field, type RegistryEntry } from '../registry/param-schema';
import { crossEntropyLoss } from './cross-entropy';
import { binaryCrossEntropyLoss, huberLoss, maeLoss, mseLoss } from './elementwise';
import type { Loss } from './loss';

export type LossId = 'mse' | 'mae' | 'huber' | 'crossEntropy' | 'binaryCrossEntropy';

export interface LossRegistryEntry extends RegistryEntry<(params?: Record<string, unknown>) => Loss> {
  readonly id: LossId;
  /** The tasks this loss makes sense for, so the UI only offers fitting ones. */
  readonly tasks: readonly Task[];
}

const huberFields: readonly Field[] = [
  {
    key: 'delta', label: 'Delta', type: 'number', default: 1, min: 0, exclusiveMin: true, logScale: true,
    help: 'Errors smaller than this count like squared error, larger ones only grow linearly.',
  },
];

function withoutParams(id: LossId, make: () => Loss): (params?: Record<string, unknown>) => Loss {
  return (params) => {
    resolveParams([], params, `${id} loss`);
    return make();
  };
}

export const lossRegistry: { readonly [K in LossId]: LossRegistryEntry } = {
  mse: {
    id: 'mse', label: 'Mean squared error', tasks: ['regression'], fields: [],
    help: 'Averages the squared errors; big misses weigh heavily. The usual choice for predicting numbers.',
    create: withoutParams('mse', mseLoss),
  },
  mae: {
    id: 'mae', label: 'Mean absolute error', tasks: ['regression'], fields: [],
    help: 'Averages the size of the errors; less swayed by a few extreme values than squared error.',
    create: withoutParams('mae', maeLoss),
  },
  huber: {
    id: 'huber', label: 'Huber', tasks: ['regression'], fields: huberFields,
    help: 'Squared error for small misses, absolute error for big ones: a middle ground robust to outliers.',
    create: (params) => huberLoss(resolveParams(huberFields, params, 'huber loss').delta as number),
  },
  crossEntropy: {
    id: 'crossEntropy', label: 'Cross-entropy', tasks: ['classification'], fields: [],
    help: 'Rewards giving the right class a high probability; the standard choice for picking one of several classes.',
    create: withoutParams('crossEntropy', crossEntropyLoss),
  },
  binaryCrossEntropy: {
    id: 'binaryCrossEntropy', label: 'Binary cross-entropy', tasks: ['classification'], fields: [],
    help: 'Scores each output as its own yes/no probability; for two classes or several independent labels.',
    create: withoutParams('binaryCrossEntropy', binaryCrossEntropyLoss),
  },
};

export function isLossId(id: string): id is LossId {
  return Object.prototype.hasOwnProperty.call(lossRegistry, id);
}

/** Builds a loss by id, validating its params; unknown ids throw with the list of known ones. */
export function createLoss(id: string, params?: Record<string, unknown>): Loss {
  if (!isLossId(id)) throw new Error(`unknown loss "${id}" (known: ${Object.keys(lossRegistry).join(', ')})`);
  return lossRegistry[id].create(params);
}
