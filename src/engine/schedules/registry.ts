import { ParamError, resolveParams, type Field, type ParamValues, type RegistryEntry } from '../registry/param-schema';
import { cosineAnnealing, EpochScheduler, exponentialDecay, stepDecay } from './epoch-schedules';
import type { LrHolder, LrScheduler, ScheduleContext } from './lr-scheduler';
import { PLATEAU_DEFAULTS, ReduceOnPlateau, type PlateauOptions } from './reduce-on-plateau';

/** Builds a schedule driving optimizer.lr; values are checked against the entry's fields (defaults filled in). */
export type ScheduleFactory = (optimizer: LrHolder, values: ParamValues, context: ScheduleContext) => LrScheduler;

const gamma = (def: number, help: string): Field => ({
  key: 'gamma', label: 'Factor (gamma)', type: 'number', default: def, min: 0, exclusiveMin: true, max: 1, help,
});

/** Field keys equal the option names and resolveParams guarantees each value's type. */
function entry<O>(
  id: string, label: string, help: string, fields: readonly Field[],
  build: (optimizer: LrHolder, options: O, context: ScheduleContext) => LrScheduler,
): RegistryEntry<ScheduleFactory> {
  return { id, label, help, fields, create: (optimizer, values, context) => build(optimizer, resolveParams(fields, values, label) as O, context) };
}

export const scheduleRegistry: Readonly<Record<string, RegistryEntry<ScheduleFactory>>> = {
  constant: entry(
    'constant', 'Constant', 'Keeps the learning rate the same for the whole run.', [],
    () => ({ step: () => {} }),
  ),
  step: entry<{ stepSize: number; gamma: number }>(
    'step', 'Step decay', 'Multiplies the learning rate by a factor every few epochs.',
    [
      {
        key: 'stepSize', label: 'Epochs per step', type: 'integer', default: 10, min: 1, max: 100_000,
        help: 'How many epochs to wait between two reductions.',
      },
      gamma(0.1, 'What the learning rate is multiplied by at each step; 0.1 makes it ten times smaller.'),
    ],
    (optimizer, o) => new EpochScheduler(optimizer, stepDecay(o.stepSize, o.gamma)),
  ),
  exponential: entry<{ gamma: number }>(
    'exponential', 'Exponential decay', 'Multiplies the learning rate by the same factor after every epoch.',
    [gamma(0.95, 'What the learning rate is multiplied by each epoch; 0.95 shrinks it by 5% per epoch.')],
    (optimizer, o) => new EpochScheduler(optimizer, exponentialDecay(o.gamma)),
  ),
  cosine: entry<{ tMax: number; etaMin: number }>(
    'cosine', 'Cosine annealing', 'Lowers the learning rate along a smooth curve down to a minimum at the end of the run.',
    [
      {
        key: 'tMax', label: 'Length (epochs)', type: 'integer', default: 0, min: 0, max: 100_000,
        help: 'Epochs to reach the minimum; 0 means the whole run.',
      },
      {
        key: 'etaMin', label: 'Minimum learning rate', type: 'number', default: 0, min: 0,
        help: 'The learning rate reached at the bottom of the curve.',
      },
    ],
    (optimizer, o, { epochs }) => {
      const tMax = o.tMax || epochs;
      if (!(tMax >= 1)) throw new ParamError('Cosine annealing', 'tMax', 'needs at least one epoch');
      return new EpochScheduler(optimizer, cosineAnnealing(tMax, o.etaMin));
    },
  ),
  reduceOnPlateau: entry<PlateauOptions>(
    'reduceOnPlateau', 'Reduce on plateau', 'Lowers the learning rate when the validation loss stops improving.',
    [
      {
        key: 'factor', label: 'Factor', type: 'number', default: PLATEAU_DEFAULTS.factor, min: 0, exclusiveMin: true, max: 0.999,
        help: 'What the learning rate is multiplied by when progress stalls; 0.1 makes it ten times smaller.',
      },
      {
        key: 'patience', label: 'Patience (epochs)', type: 'integer', default: PLATEAU_DEFAULTS.patience, min: 0, max: 100_000,
        help: 'How many epochs without improvement to accept before lowering the learning rate.',
      },
      {
        key: 'threshold', label: 'Improvement threshold', type: 'number', default: PLATEAU_DEFAULTS.threshold, min: 0, max: 1, logScale: true,
        help: 'How much better (as a fraction) the loss must get to count as an improvement.',
      },
      {
        key: 'cooldown', label: 'Cooldown (epochs)', type: 'integer', default: PLATEAU_DEFAULTS.cooldown, min: 0, max: 100_000,
        help: 'Epochs to wait after a reduction before watching for stalls again.',
      },
      {
        key: 'minLr', label: 'Minimum learning rate', type: 'number', default: PLATEAU_DEFAULTS.minLr, min: 0,
        help: 'The learning rate never goes below this.',
      },
    ],
    (optimizer, o) => new ReduceOnPlateau(optimizer, o),
  ),
};
