import type { Param } from '../layers/layer';
import { resolveParams, type Field, type ParamValues, type RegistryEntry } from '../registry/param-schema';
import { Adagrad, ADAGRAD_DEFAULTS, type AdagradOptions } from './adagrad';
import { Adam, ADAM_DEFAULTS, type AdamOptions } from './adam';
import { AdamW, ADAMW_DEFAULTS } from './adamw';
import type { Optimizer } from './optimizer';
import { Rmsprop, RMSPROP_DEFAULTS, type RmspropOptions } from './rmsprop';
import { Sgd, SGD_DEFAULTS, type SgdOptions } from './sgd';

/** Builds an optimizer over params; values are checked against the entry's fields (defaults filled in). */
export type OptimizerFactory = (params: readonly Param[], values: ParamValues) => Optimizer;

const lr = (def: number): Field => ({
  key: 'lr', label: 'Learning rate', type: 'number', default: def, min: 0, exclusiveMin: true, logScale: true,
  help: 'How big each correction step is; too high diverges, too low crawls.',
});
const weightDecay = (def: number): Field => ({
  key: 'weightDecay', label: 'Weight decay', type: 'number', default: def, min: 0, max: 1, logScale: true,
  help: 'Gently pulls weights towards zero to fight overfitting; 0 turns it off.',
});
const eps = (def: number): Field => ({
  key: 'eps', label: 'Epsilon', type: 'number', default: def, min: 0, max: 1, logScale: true,
  help: 'A tiny number that avoids dividing by zero; rarely needs changing.',
});
const momentum = (def: number, help: string): Field => ({
  key: 'momentum', label: 'Momentum', type: 'number', default: def, min: 0, max: 0.999, help,
});
const beta1: Field = {
  key: 'beta1', label: 'Beta 1', type: 'number', default: ADAM_DEFAULTS.beta1, min: 0, max: 0.999999,
  help: 'How much of the past direction is kept (momentum); closer to 1 smooths more.',
};
const beta2: Field = {
  key: 'beta2', label: 'Beta 2', type: 'number', default: ADAM_DEFAULTS.beta2, min: 0, max: 0.999999,
  help: 'How long the memory of step sizes is; closer to 1 adapts more slowly.',
};
const amsgrad: Field = {
  key: 'amsgrad', label: 'AMSGrad', type: 'boolean', default: false,
  help: 'Never lets a weight\'s step size grow back; sometimes steadier, usually not needed.',
};

/**
 * Field keys equal the optimizer's option names and resolveParams guarantees each value's type,
 * so the resolved values are the options object.
 */
function entry<O>(
  id: string, label: string, help: string, fields: readonly Field[],
  build: (params: readonly Param[], options: O) => Optimizer,
): RegistryEntry<OptimizerFactory> {
  return { id, label, help, fields, create: (params, values) => build(params, resolveParams(fields, values, label) as O) };
}

export const optimizerRegistry: Readonly<Record<string, RegistryEntry<OptimizerFactory>>> = {
  sgd: entry<SgdOptions>(
    'sgd', 'SGD', 'Plain gradient descent, optionally with momentum: simple and predictable, often needs a tuned learning rate.',
    [
      lr(SGD_DEFAULTS.lr),
      momentum(SGD_DEFAULTS.momentum, 'Keeps moving in the recent direction to roll through small bumps; 0.9 is a common choice, 0 turns it off.'),
      {
        key: 'dampening', label: 'Dampening', type: 'number', default: SGD_DEFAULTS.dampening, min: 0, max: 1,
        help: 'Lowers how much each new gradient adds to the momentum; usually 0.',
      },
      {
        key: 'nesterov', label: 'Nesterov', type: 'boolean', default: SGD_DEFAULTS.nesterov,
        help: 'Looks one step ahead before correcting; needs momentum above 0 and dampening 0.',
      },
      weightDecay(SGD_DEFAULTS.weightDecay),
    ],
    (params, o) => new Sgd(params, o),
  ),
  adam: entry<AdamOptions>(
    'adam', 'Adam', 'Adapts the step size of every weight on its own: a good first choice that works out of the box.',
    [lr(ADAM_DEFAULTS.lr), beta1, beta2, eps(ADAM_DEFAULTS.eps), weightDecay(ADAM_DEFAULTS.weightDecay), amsgrad],
    (params, o) => new Adam(params, o),
  ),
  adamw: entry<AdamOptions>(
    'adamw', 'AdamW', 'Adam with weight decay applied separately from the gradient: often generalises a little better.',
    [lr(ADAMW_DEFAULTS.lr), beta1, beta2, eps(ADAMW_DEFAULTS.eps), weightDecay(ADAMW_DEFAULTS.weightDecay), amsgrad],
    (params, o) => new AdamW(params, o),
  ),
  rmsprop: entry<RmspropOptions>(
    'rmsprop', 'RMSprop', 'Divides each step by the recent size of the gradients: steady on noisy problems.',
    [
      lr(RMSPROP_DEFAULTS.lr),
      {
        key: 'alpha', label: 'Smoothing (alpha)', type: 'number', default: RMSPROP_DEFAULTS.alpha, min: 0, max: 0.999999,
        help: 'How long the memory of gradient sizes is; closer to 1 adapts more slowly.',
      },
      eps(RMSPROP_DEFAULTS.eps),
      weightDecay(RMSPROP_DEFAULTS.weightDecay),
      momentum(RMSPROP_DEFAULTS.momentum, 'Keeps moving in the recent direction; 0 turns it off.'),
      {
        key: 'centered', label: 'Centered', type: 'boolean', default: RMSPROP_DEFAULTS.centered,
        help: 'Uses the spread of the gradients instead of their size; can be steadier, costs a little more.',
      },
    ],
    (params, o) => new Rmsprop(params, o),
  ),
  adagrad: entry<AdagradOptions>(
    'adagrad', 'Adagrad', 'Shrinks the step of weights that have already moved a lot: suits sparse inputs, slows down over time.',
    [
      lr(ADAGRAD_DEFAULTS.lr),
      {
        key: 'lrDecay', label: 'Learning-rate decay', type: 'number', default: ADAGRAD_DEFAULTS.lrDecay, min: 0, max: 1, logScale: true,
        help: 'Makes the learning rate smaller after every step; 0 keeps it fixed.',
      },
      weightDecay(ADAGRAD_DEFAULTS.weightDecay),
      {
        key: 'initialAccumulatorValue', label: 'Initial accumulator', type: 'number',
        default: ADAGRAD_DEFAULTS.initialAccumulatorValue, min: 0,
        help: 'A head start for the gradient memory; larger values make the first steps smaller.',
      },
      eps(ADAGRAD_DEFAULTS.eps),
    ],
    (params, o) => new Adagrad(params, o),
  ),
};
