import type { Field, ParamValues } from '../registry/param-schema';

/*
 * Trainer-level settings in the same field metadata as the registries, so the Train form renders them
 * like optimizer settings and the API and CLI validate them with the same ranges and defaults.
 */

export const BACKPROP_FIELDS: readonly Field[] = [
  { key: 'epochs', label: 'Epochs', type: 'integer', default: 50, min: 1, max: 100_000, help: 'How many times training goes through all the training rows.' },
  { key: 'batchSize', label: 'Batch size', type: 'integer', default: 32, min: 1, max: 65_536, help: 'Rows looked at before each correction step; smaller is noisier but often generalises better.' },
];

export const EARLY_STOPPING_FIELDS: readonly Field[] = [
  { key: 'enabled', label: 'Early stopping', type: 'boolean', default: false, help: 'Stops training when the validation loss stops improving, before the network starts memorising.' },
  { key: 'patience', label: 'Patience (epochs)', type: 'integer', default: 10, min: 1, max: 100_000, help: 'How many epochs without improvement to accept before stopping.' },
  { key: 'minDelta', label: 'Minimum improvement', type: 'number', default: 0, min: 0, help: 'A drop in validation loss smaller than this does not count as an improvement.' },
  { key: 'restoreBest', label: 'Restore best weights', type: 'boolean', default: true, help: 'At the end, go back to the weights of the epoch with the best validation loss.' },
];

export const CLIPPING_FIELDS: readonly Field[] = [
  {
    key: 'mode', label: 'Gradient clipping', type: 'enum', default: 'none',
    options: [{ value: 'none', label: 'Off' }, { value: 'norm', label: 'By total norm' }, { value: 'value', label: 'By value' }],
    help: 'Caps the size of each correction so one bad batch cannot throw training off; helps against exploding gradients.',
  },
  { key: 'value', label: 'Clip at', type: 'number', default: 1, min: 0, exclusiveMin: true, logScale: true, help: 'The largest gradient norm (or single value) allowed.' },
];

export const ELM_FIELDS: readonly Field[] = [
  { key: 'hiddenUnits', label: 'Hidden units', type: 'integer', default: 200, min: 1, max: 20_000, help: 'Size of the random hidden layer; more units fit more detail but cost time and can overfit.' },
  {
    key: 'activation', label: 'Activation', type: 'enum', default: 'sigmoid',
    options: ['sigmoid', 'tanh', 'relu', 'sin', 'hardlim', 'rbf'].map((v) => ({ value: v, label: v === 'rbf' ? 'RBF (Gaussian)' : v === 'hardlim' ? 'Hard limit' : v[0].toUpperCase() + v.slice(1) })),
    help: 'The bend applied by the random hidden units.',
  },
  {
    key: 'solver', label: 'Solver', type: 'enum', default: 'ridge',
    options: [{ value: 'ridge', label: 'Ridge (regularised)' }, { value: 'pinv', label: 'Pseudo-inverse' }],
    help: 'How the output weights are solved: ridge adds a little regularisation and is steadier; pseudo-inverse fits exactly.',
  },
  { key: 'c', label: 'C (ridge)', type: 'number', default: 1000, min: 0, exclusiveMin: true, logScale: true, help: 'Inverse strength of the ridge regularisation: larger C fits the training rows more closely.' },
  {
    key: 'init', label: 'Random weights', type: 'enum', default: 'uniform',
    options: [{ value: 'uniform', label: 'Uniform' }, { value: 'gaussian', label: 'Gaussian' }],
    help: 'How the fixed random input weights are drawn.',
  },
];

/** Every field at its default (optional fields included, for a form to start from). */
export function fieldDefaults(fields: readonly Field[]): ParamValues {
  return Object.fromEntries(fields.map((f) => [f.key, f.default]));
}
