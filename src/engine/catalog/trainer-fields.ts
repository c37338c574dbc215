/**
 * Trainer-level settings in the same typed fields as the optimizers, so the Train form renders them
 * like optimizer settings and the API and CLI resolve them with the same ranges and defaults.
 */
import { ELM_ACTIVATIONS } from './activations';
import { booleanField, enumField, fieldSet, integerField, numberField, optional, optionsOf } from './fields';

export const TRAINERS = {
  backprop: { label: 'Backpropagation' },
  elm: { label: 'ELM' },
} as const;
export type TrainerId = keyof typeof TRAINERS;

export const BACKPROP_FIELDS = fieldSet({
  epochs: integerField({ label: 'Epochs', default: 50, min: 1, max: 100_000, help: 'How many times training goes through all the training rows.' }),
  batchSize: integerField({ label: 'Batch size', default: 32, min: 1, max: 65_536, help: 'Rows looked at before each correction step; smaller is noisier but often generalises better.' }),
});

export const EARLY_STOPPING_FIELDS = fieldSet({
  patience: integerField({ label: 'Patience (epochs)', default: 10, min: 1, max: 100_000, help: 'How many epochs without improvement to accept before stopping.' }),
  minDelta: numberField({ label: 'Minimum improvement', default: 0, min: 0, help: 'A drop in validation loss smaller than this does not count as an improvement.' }),
  restoreBest: booleanField({ label: 'Restore best weights', default: true, help: 'At the end, go back to the weights of the epoch with the best validation loss.' }),
});

/** The Train form's early-stopping card: an on/off switch, then the settings a run stores when it is on. */
export const EARLY_STOPPING_FORM_FIELDS = fieldSet({
  enabled: booleanField({ label: 'Early stopping', default: false, help: 'Stops training when the validation loss stops improving, before the network starts memorising.' }),
  ...EARLY_STOPPING_FIELDS.fields,
});

export const CLIPPING_FIELDS = fieldSet({
  mode: enumField([{ value: 'none', label: 'Off' }, { value: 'norm', label: 'By total norm' }, { value: 'value', label: 'By value' }], {
    label: 'Gradient clipping', default: 'none',
    help: 'Caps the size of each correction so one bad batch cannot throw training off; helps against exploding gradients.',
  }),
  value: numberField({ label: 'Clip at', default: 1, min: 0, exclusiveMin: true, logScale: true, help: 'The largest gradient norm (or single value) allowed.' }),
});

export const ELM_FIELDS = fieldSet({
  hiddenUnits: integerField({ label: 'Hidden units', default: 200, min: 1, max: 20_000, help: 'Size of the random hidden layer; more units fit more detail but cost time and can overfit.' }),
  activation: enumField(optionsOf(ELM_ACTIVATIONS), { label: 'Activation', default: 'sigmoid', help: 'The bend applied by the random hidden units.' }),
  solver: enumField([{ value: 'ridge', label: 'Ridge (regularised)' }, { value: 'pinv', label: 'Pseudo-inverse' }], {
    label: 'Solver', default: 'ridge',
    help: 'How the output weights are solved: ridge adds a little regularisation and is steadier; pseudo-inverse fits exactly.',
  }),
  c: numberField({ label: 'C (ridge)', default: 1000, min: 0, exclusiveMin: true, logScale: true, help: 'Inverse strength of the ridge regularisation: larger C fits the training rows more closely.' }),
  init: enumField([{ value: 'uniform', label: 'Uniform' }, { value: 'gaussian', label: 'Gaussian' }], {
    label: 'Random weights', default: 'uniform',
    help: 'How the fixed random input weights are drawn.',
  }),
  // Optional: configs stored before it existed, and configs written in code, resolve unchanged without it.
  auto: optional(booleanField({
    label: 'Choose hidden units and C automatically', default: false,
    help: 'Tries 10 sizes up to the hidden units above and 10 values of C, and keeps the pair with the smallest leave-one-out error, computed exactly without retraining (ridge only).',
  })),
});
