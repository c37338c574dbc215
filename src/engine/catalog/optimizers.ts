/**
 * The optimizers a run can use: label, help and the one set of bounds of their settings, with PyTorch's
 * defaults and constructor checks (e.g. betas in [0, 1)). The update rules are documented with the
 * classes in src/engine/optimizers/; createOptimizer there builds one from a resolved OptimizerConfig.
 */
import type { ChoiceOf } from './choice';
import { booleanField, fieldSet, numberField, type NumberField, type Values } from './fields';

const lr = (def: number): NumberField => numberField({
  label: 'Learning rate', default: def, min: 0, exclusiveMin: true, logScale: true,
  help: 'How big each correction step is; too high diverges, too low crawls.',
});
const weightDecay = (def: number): NumberField => numberField({
  label: 'Weight decay', default: def, min: 0, max: 1, logScale: true,
  help: 'Gently pulls weights towards zero to fight overfitting; 0 turns it off.',
});
const eps = (def: number): NumberField => numberField({
  label: 'Epsilon', default: def, min: 0, max: 1, logScale: true,
  help: 'A tiny number that avoids dividing by zero; rarely needs changing.',
});
const momentum = (help: string, def = 0): NumberField => numberField({ label: 'Momentum', default: def, min: 0, max: 0.999, help });
/** A running-average factor: PyTorch requires 0 ≤ β < 1 (β = 1 would never forget the first gradient). */
const averaging = (label: string, def: number, help: string): NumberField =>
  numberField({ label, default: def, min: 0, max: 1, exclusiveMax: true, help });

const adamFields = (decay: number) => fieldSet({
  lr: lr(1e-3),
  beta1: averaging('Beta 1', 0.9, 'How much of the past direction is kept (momentum); closer to 1 smooths more.'),
  beta2: averaging('Beta 2', 0.999, 'How long the memory of step sizes is; closer to 1 adapts more slowly.'),
  eps: eps(1e-8),
  weightDecay: weightDecay(decay),
  amsgrad: booleanField({
    label: 'AMSGrad', default: false,
    help: 'Never lets a weight\'s step size grow back; sometimes steadier, usually not needed.',
  }),
});

export const SGD_FIELDS = fieldSet(
  {
    // Not PyTorch's (torch requires lr; 1e-3 without momentum crawls, 81 % on iris where the others reach 95 %):
    // the common recipe that works out of the box (src/cli/convergence.test.ts checks every optimizer's defaults).
    lr: lr(1e-2),
    momentum: momentum('Keeps moving in the recent direction to roll through small bumps; 0.9 is a common choice, 0 turns it off.', 0.9),
    dampening: numberField({
      label: 'Dampening', default: 0, min: 0, max: 1,
      help: 'Lowers how much each new gradient adds to the momentum; usually 0.',
    }),
    nesterov: booleanField({
      label: 'Nesterov', default: false,
      help: 'Looks one step ahead before correcting; needs momentum above 0 and dampening 0.',
    }),
    weightDecay: weightDecay(0),
  },
  (v) => (v.nesterov && !(v.momentum > 0 && v.dampening === 0) ? { key: 'nesterov', reason: 'needs momentum > 0 and dampening = 0' } : null),
);
export const ADAM_FIELDS = adamFields(0);
export const ADAMW_FIELDS = adamFields(0.01);

export const RMSPROP_FIELDS = fieldSet({
  lr: lr(1e-2),
  alpha: averaging('Smoothing (alpha)', 0.99, 'How long the memory of gradient sizes is; closer to 1 adapts more slowly.'),
  eps: eps(1e-8),
  weightDecay: weightDecay(0),
  momentum: momentum('Keeps moving in the recent direction; 0 turns it off.'),
  centered: booleanField({
    label: 'Centered', default: false,
    help: 'Uses the spread of the gradients instead of their size; can be steadier, costs a little more.',
  }),
});

export const ADAGRAD_FIELDS = fieldSet({
  lr: lr(1e-2),
  lrDecay: numberField({
    label: 'Learning-rate decay', default: 0, min: 0, max: 1, logScale: true,
    help: 'Makes the learning rate smaller after every step; 0 keeps it fixed.',
  }),
  weightDecay: weightDecay(0),
  initialAccumulatorValue: numberField({
    label: 'Initial accumulator', default: 0, min: 0,
    help: 'A head start for the gradient memory; larger values make the first steps smaller.',
  }),
  eps: eps(1e-10),
});

export const OPTIMIZERS = {
  sgd: {
    label: 'SGD', fields: SGD_FIELDS,
    help: 'Plain gradient descent, optionally with momentum: simple and predictable, often needs a tuned learning rate.',
  },
  adam: {
    label: 'Adam', fields: ADAM_FIELDS,
    help: 'Adapts the step size of every weight on its own: a good first choice that works out of the box.',
  },
  adamw: {
    label: 'AdamW', fields: ADAMW_FIELDS,
    help: 'Adam with weight decay applied separately from the gradient: often generalises a little better.',
  },
  rmsprop: {
    label: 'RMSprop', fields: RMSPROP_FIELDS,
    help: 'Divides each step by the recent size of the gradients: steady on noisy problems.',
  },
  adagrad: {
    label: 'Adagrad', fields: ADAGRAD_FIELDS,
    help: 'Shrinks the step of weights that have already moved a lot: suits sparse inputs, slows down over time.',
  },
} as const;

export type OptimizerId = keyof typeof OPTIMIZERS;
export type OptimizerConfig = ChoiceOf<typeof OPTIMIZERS>;
export type SgdOptions = Values<typeof SGD_FIELDS>;
export type AdamOptions = Values<typeof ADAM_FIELDS>;
export type RmspropOptions = Values<typeof RMSPROP_FIELDS>;
export type AdagradOptions = Values<typeof ADAGRAD_FIELDS>;
