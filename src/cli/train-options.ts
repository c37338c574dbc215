import { parseArgs } from 'node:util';
import type { PrepareOptions } from '../engine/data/prepare';
import type { Task } from '../engine/data/table';
import type { ModelSpec } from '../engine/model/spec';
import type { BackpropConfig, ElmConfig, TrainerConfig } from '../engine/trainers/types';
import { CliError } from './cli-error';

export interface TrainOptions {
  data: string;
  target?: string;
  task?: Task;
  out?: string;
  json: boolean;
  seed: number;
  split: [number, number, number];
  /** Builds the trainer config once the task is known (the default loss depends on it). */
  trainer(task: Task): TrainerConfig;
}

const TRAIN_FLAGS = {
  data: { type: 'string' },
  target: { type: 'string' },
  task: { type: 'string' },
  trainer: { type: 'string', default: 'backprop' },
  layers: { type: 'string', default: '64,64' },
  activation: { type: 'string', default: 'relu' },
  optimizer: { type: 'string', default: 'adam' },
  loss: { type: 'string' },
  lr: { type: 'string', default: '0.001' },
  'batch-size': { type: 'string', default: '32' },
  epochs: { type: 'string', default: '100' },
  patience: { type: 'string' },
  'hidden-units': { type: 'string', default: '200' },
  'elm-activation': { type: 'string', default: 'sigmoid' },
  solver: { type: 'string', default: 'ridge' },
  c: { type: 'string', default: '1000' },
  split: { type: 'string', default: '0.7,0.15,0.15' },
  seed: { type: 'string', default: '0' },
  out: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

function number(flag: string, text: string, check: (v: number) => boolean, expectation: string): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || !check(v)) throw new CliError(`--${flag} ${text}: expected ${expectation}`);
  return v;
}

const positiveInt = (flag: string, text: string) => number(flag, text, (v) => Number.isInteger(v) && v > 0, 'a whole number > 0');

function oneOf<T extends string>(flag: string, text: string, allowed: readonly T[]): T {
  if (!allowed.includes(text as T)) throw new CliError(`--${flag} ${text}: expected one of ${allowed.join(', ')}`);
  return text as T;
}

/**
 * Turns `train` flags into a job description. Values the engine's registries know (optimizer ids,
 * activations, learning-rate ranges) are validated there, so the messages are the same as in the app.
 */
export function parseTrainOptions(argv: string[]): TrainOptions {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: TRAIN_FLAGS, strict: true, allowPositionals: false }));
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  if (!values.data) throw new CliError('--data FILE is required');
  const task = values.task === undefined ? undefined : oneOf('task', values.task, ['classification', 'regression'] as const);
  const trainerId = oneOf('trainer', values.trainer, ['backprop', 'elm'] as const);
  const split = values.split.split(',').map((s) => number('split', s, (v) => v >= 0 && v <= 1, 'three ratios like 0.7,0.15,0.15'));
  if (split.length !== 3) throw new CliError(`--split ${values.split}: expected three ratios like 0.7,0.15,0.15`);
  if (Math.abs(split[0] + split[1] + split[2] - 1) > 1e-6) throw new CliError(`--split ${values.split}: the ratios must add up to 1`);
  const seed = number('seed', values.seed, (v) => Number.isInteger(v) && v >= 0, 'a whole number ≥ 0');

  let trainer: (task: Task) => TrainerConfig;
  if (trainerId === 'elm') {
    const config: ElmConfig = {
      trainer: 'elm',
      hiddenUnits: positiveInt('hidden-units', values['hidden-units']),
      activation: oneOf('elm-activation', values['elm-activation'], ['sigmoid', 'tanh', 'relu', 'sin', 'hardlim', 'rbf'] as const),
      solver: oneOf('solver', values.solver, ['ridge', 'pinv'] as const),
      c: number('c', values.c, (v) => v > 0, 'a number > 0'),
      init: 'uniform',
    };
    trainer = () => config;
  } else {
    const units = values.layers.trim() === '' ? [] : values.layers.split(',').map((u) => positiveInt('layers', u));
    const model: ModelSpec = {
      layers: units.flatMap((u) => [
        { type: 'dense' as const, units: u },
        { type: 'activation' as const, activation: values.activation as never },
      ]),
    };
    const patience = values.patience === undefined ? undefined : positiveInt('patience', values.patience);
    trainer = (t: Task): BackpropConfig => ({
      trainer: 'backprop',
      model,
      optimizer: { id: values.optimizer, params: { lr: number('lr', values.lr, (v) => v > 0, 'a number > 0') } },
      loss: { id: values.loss ?? (t === 'classification' ? 'crossEntropy' : 'mse') },
      batchSize: positiveInt('batch-size', values['batch-size']),
      epochs: positiveInt('epochs', values.epochs),
      earlyStopping: patience === undefined ? null : { patience, restoreBest: true },
    });
  }
  return {
    data: values.data, target: values.target, task, out: values.out, json: values.json, seed,
    split: split as [number, number, number], trainer,
  };
}

export function prepareOptions(o: TrainOptions, target: string, task: Task): PrepareOptions {
  return {
    target, task, scaling: 'standard', oneHot: true, targetScaling: 'standard',
    split: { kind: 'ratio', train: o.split[0], val: o.split[1], test: o.split[2] }, seed: o.seed,
  };
}
