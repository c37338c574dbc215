import { parseArgs } from 'node:util';
import { idsOf, ParamError } from '../engine/catalog/fields';
import { applyPoint, SETTINGS, settingOfPath, type SettingName, type SweepPoint } from '../engine/catalog/sweep-settings';
import { SpecError } from '../engine/catalog/model-spec';
import { resolveTrainerConfig } from '../engine/catalog/trainer-config';
import { TRAINERS, type TrainerId } from '../engine/catalog/trainer-fields';
import type { PrepareOptions } from '../engine/data/prepare';
import type { Task } from '../engine/data/table';
import type { TrainerConfig } from '../engine/trainers/types';
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

/** A flag's text as a number; whether the number is in range is the catalog's to say. */
function number(flag: string, text: string, check: (v: number) => boolean = () => true, expectation = 'a number'): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || !check(v)) throw new CliError(`--${flag} ${text}: expected ${expectation}`);
  return v;
}

function oneOf<T extends string>(flag: string, text: string, allowed: readonly T[]): T {
  const found = allowed.find((a) => a === text);
  if (found === undefined) throw new CliError(`--${flag} ${text}: expected one of ${allowed.join(', ')}`);
  return found;
}

/** Resolves the trainer settings with the catalog (the same check as the app's), naming the flag on a problem. */
function resolveFlags(raw: Record<string, unknown>, task: Task, flagText: (flag: string) => string): TrainerConfig {
  try {
    return resolveTrainerConfig(raw, task, null);
  } catch (e) {
    if (e instanceof SpecError) throw new CliError(`--layers ${flagText('layers')} --activation ${flagText('activation')}: ${e.message}`);
    if (!(e instanceof ParamError)) throw e;
    const flag = raw.trainer === 'elm' || raw.trainer === 'backprop' ? settingOfPath(raw.trainer, e.path) : null;
    throw new CliError(flag ? `--${flag} ${flagText(flag)}: ${e.reason}` : `${e.path}: ${e.reason}`);
  }
}

/** The flags that name catalog settings (SETTINGS, shared with `sweep --grid`), as a point over the base settings. */
function settingFlags(values: Readonly<Record<string, unknown>>, trainer: TrainerId): SweepPoint {
  const point: Partial<Record<SettingName, number | string>> = {};
  for (const name of idsOf(SETTINGS)) {
    const text = values[name];
    if (SETTINGS[name].trainer !== trainer || typeof text !== 'string') continue;
    point[name] = SETTINGS[name].kind === 'id' ? text : number(name, text);
  }
  return point;
}

/**
 * Turns `train` flags into a job description. Flags are parsed as text and numbers here; the trainer
 * settings (optimizer ids, activations, ranges) are resolved by the engine's catalog, so the messages are
 * the same as in the app.
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
  const trainerId = oneOf('trainer', values.trainer, idsOf(TRAINERS));
  const split = values.split.split(',').map((s) => number('split', s, (v) => v >= 0 && v <= 1, 'three ratios like 0.7,0.15,0.15'));
  if (split.length !== 3) throw new CliError(`--split ${values.split}: expected three ratios like 0.7,0.15,0.15`);
  if (Math.abs(split[0] + split[1] + split[2] - 1) > 1e-6) throw new CliError(`--split ${values.split}: the ratios must add up to 1`);
  const seed = number('seed', values.seed, (v) => Number.isInteger(v) && v >= 0, 'a whole number ≥ 0');
  const given = new Map(Object.entries(values));
  const flagText = (flag: string): string => {
    const text = given.get(flag);
    return typeof text === 'string' ? text : '';
  };

  const point = settingFlags(values, trainerId);
  let base: (task: Task) => Record<string, unknown>;
  if (trainerId === 'elm') {
    base = () => ({ trainer: 'elm', init: 'uniform' });
  } else {
    const units = values.layers.trim() === '' ? [] : values.layers.split(',').map((u) => number('layers', u));
    const model = { layers: units.flatMap((u) => [{ type: 'dense', units: u }, { type: 'activation', activation: values.activation }]) };
    base = (t) => ({
      trainer: 'backprop', model, optimizer: { id: 'adam' }, loss: { id: t === 'classification' ? 'crossEntropy' : 'mse' }, earlyStopping: null,
    });
  }
  const raw = (t: Task) => applyPoint(base(t), null, point).raw;
  return {
    data: values.data, target: values.target, task, out: values.out, json: values.json, seed,
    split: [split[0], split[1], split[2]], trainer: (t) => resolveFlags(raw(t), t, flagText),
  };
}

export function prepareOptions(o: TrainOptions, target: string, task: Task): PrepareOptions {
  return {
    target, task, scaling: 'standard', oneHot: true, targetScaling: 'standard',
    split: { kind: 'ratio', train: o.split[0], val: o.split[1], test: o.split[2] }, seed: o.seed,
  };
}
