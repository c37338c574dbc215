/**
 * Learning-rate schedules, stepped once per epoch (PyTorch's lr_scheduler rules, documented with the classes
 * in src/engine/schedules/). createSchedule there builds one from a resolved ScheduleConfig.
 */
import type { ChoiceOf } from './choice';
import { fieldSet, integerField, numberField, type NumberField, type Values } from './fields';

const gamma = (def: number, help: string): NumberField =>
  numberField({ label: 'Factor (gamma)', default: def, min: 0, exclusiveMin: true, max: 1, help });

const PLATEAU_FIELDS = fieldSet({
  factor: numberField({
    label: 'Factor', default: 0.1, min: 0, exclusiveMin: true, max: 0.999,
    help: 'What the learning rate is multiplied by when progress stalls; 0.1 makes it ten times smaller.',
  }),
  patience: integerField({
    label: 'Patience (epochs)', default: 10, min: 0, max: 100_000,
    help: 'How many epochs without improvement to accept before lowering the learning rate.',
  }),
  threshold: numberField({
    label: 'Improvement threshold', default: 1e-4, min: 0, max: 1, logScale: true,
    help: 'How much better (as a fraction) the loss must get to count as an improvement.',
  }),
  cooldown: integerField({
    label: 'Cooldown (epochs)', default: 0, min: 0, max: 100_000,
    help: 'Epochs to wait after a reduction before watching for stalls again.',
  }),
  minLr: numberField({
    label: 'Minimum learning rate', default: 0, min: 0,
    help: 'The learning rate never goes below this.',
  }),
});

export const SCHEDULES = {
  constant: {
    label: 'Constant', fields: fieldSet({}),
    help: 'Keeps the learning rate the same for the whole run.',
  },
  step: {
    label: 'Step decay',
    fields: fieldSet({
      stepSize: integerField({
        label: 'Epochs per step', default: 10, min: 1, max: 100_000,
        help: 'How many epochs to wait between two reductions.',
      }),
      gamma: gamma(0.1, 'What the learning rate is multiplied by at each step; 0.1 makes it ten times smaller.'),
    }),
    help: 'Multiplies the learning rate by a factor every few epochs.',
  },
  exponential: {
    label: 'Exponential decay',
    fields: fieldSet({ gamma: gamma(0.95, 'What the learning rate is multiplied by each epoch; 0.95 shrinks it by 5% per epoch.') }),
    help: 'Multiplies the learning rate by the same factor after every epoch.',
  },
  cosine: {
    label: 'Cosine annealing',
    fields: fieldSet({
      tMax: integerField({
        label: 'Length (epochs)', default: 0, min: 0, max: 100_000,
        help: 'Epochs to reach the minimum; 0 means the whole run.',
      }),
      etaMin: numberField({
        label: 'Minimum learning rate', default: 0, min: 0,
        help: 'The learning rate reached at the bottom of the curve.',
      }),
    }),
    help: 'Lowers the learning rate along a smooth curve down to a minimum at the end of the run.',
  },
  reduceOnPlateau: {
    label: 'Reduce on plateau', fields: PLATEAU_FIELDS,
    help: 'Lowers the learning rate when the validation loss stops improving.',
  },
} as const;

export type ScheduleId = keyof typeof SCHEDULES;
export type ScheduleConfig = ChoiceOf<typeof SCHEDULES>;
export type PlateauOptions = Values<typeof PLATEAU_FIELDS>;
