/**
 * The losses a backprop run can minimise, with the tasks each suits (the UI offers only fitting ones and
 * the trainer config rejects the others). createLoss in src/engine/losses builds one from a LossConfig.
 */
import type { Task } from '../data/table';
import type { CatalogEntry, ChoiceOf } from './choice';
import { fieldSet, numberField } from './fields';

const NO_SETTINGS = fieldSet({});

export const LOSSES = {
  mse: {
    label: 'Mean squared error', tasks: ['regression'], fields: NO_SETTINGS,
    help: 'Averages the squared errors; big misses weigh heavily. The usual choice for predicting numbers.',
  },
  mae: {
    label: 'Mean absolute error', tasks: ['regression'], fields: NO_SETTINGS,
    help: 'Averages the size of the errors; less swayed by a few extreme values than squared error.',
  },
  huber: {
    label: 'Huber', tasks: ['regression'],
    fields: fieldSet({
      delta: numberField({
        label: 'Delta', default: 1, min: 0, exclusiveMin: true, logScale: true,
        help: 'Errors smaller than this count like squared error, larger ones only grow linearly.',
      }),
    }),
    help: 'Squared error for small misses, absolute error for big ones: a middle ground robust to outliers.',
  },
  crossEntropy: {
    label: 'Cross-entropy', tasks: ['classification'], fields: NO_SETTINGS,
    help: 'Rewards giving the right class a high probability; the standard choice for picking one of several classes.',
  },
  binaryCrossEntropy: {
    label: 'Binary cross-entropy', tasks: ['classification'], fields: NO_SETTINGS,
    help: 'Scores each output as its own yes/no probability; for two classes or several independent labels.',
  },
} as const satisfies Record<string, CatalogEntry & { readonly tasks: readonly Task[] }>;

export type LossId = keyof typeof LOSSES;
export type LossConfig = ChoiceOf<typeof LOSSES>;

export function lossSuits(id: LossId, task: Task): boolean {
  const tasks: readonly Task[] = LOSSES[id].tasks;
  return tasks.includes(task);
}

/**
 * Why a loss cannot train a classifier with this many classes (binary cross-entropy scores one yes/no
 * output, so exactly two classes), or null. The Train form offers only losses without a problem.
 */
export function lossClassProblem(id: LossId, classCount: number, target = 'the target'): string | null {
  if (id !== 'binaryCrossEntropy' || classCount === 2) return null;
  return `binary cross-entropy needs exactly two classes; ${target} has ${classCount}. Use cross-entropy instead`;
}
