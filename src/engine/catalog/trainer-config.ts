/**
 * The one resolution of a run's trainer settings from untrusted input (the API's `runs.start`, the CLI's
 * flags, tests): shape, ids, every setting against its catalog field (defaults filled in), the loss
 * against the task, and the design against the layer catalog. What it returns is exactly what is stored
 * and trained; inner code does not check it again.
 *
 * Problems throw a ParamError whose path is relative to the trainer settings ("optimizer.params.lr", or
 * "" for the settings as a whole), or a SpecError (with the layer index) for a bad design.
 */
import type { Task } from '../data/table';
import type { ModelSpec } from '../model/spec';
import type { BackpropConfig, ElmConfig, TrainerConfig } from '../trainers/types';
import { recordAt, resolveChoice, under } from './choice';
import { idsOf, ParamError, resolveParams, type FieldSet, type Values } from './fields';
import { LOSSES, lossSuits } from './losses';
import { validateModelSpec } from './model-spec';
import { OPTIMIZERS } from './optimizers';
import { SCHEDULES } from './schedules';
import { BACKPROP_FIELDS, CLIPPING_FIELDS, EARLY_STOPPING_FIELDS, ELM_FIELDS, TRAINERS, type TrainerId } from './trainer-fields';

const BACKPROP_KEYS = ['trainer', 'model', 'optimizer', 'loss', 'batchSize', 'epochs', 'schedule', 'earlyStopping', 'clipping'];

/** Reason of the missing-design problem at path "model" (the API names its modelId for it). */
export const NEEDS_MODEL = 'backpropagation needs a model design; choose one';

/** Settings as a caller writes them (any subset, checked here), for the overloads that know the trainer. */
type RawSettings<T extends TrainerId> = { readonly trainer: T; readonly [setting: string]: unknown };

/**
 * `model` is the design to train when it comes from elsewhere (a saved design, already validated); it
 * replaces any `model` in the settings. Without one, backprop trains the settings' own `model`, validated
 * like a saved design.
 */
export function resolveTrainerConfig(raw: RawSettings<'backprop'>, task: Task, model: ModelSpec | null): BackpropConfig;
export function resolveTrainerConfig(raw: RawSettings<'elm'>, task: Task, model: ModelSpec | null): ElmConfig;
export function resolveTrainerConfig(raw: unknown, task: Task, model: ModelSpec | null): TrainerConfig;
export function resolveTrainerConfig(raw: unknown, task: Task, model: ModelSpec | null): TrainerConfig {
  const value = recordAt(raw, '', 'an object of trainer settings');
  const trainer = value.trainer;
  if (trainer === 'elm') return resolveElm(value);
  if (trainer === 'backprop') return resolveBackprop(value, task, model);
  throw new ParamError('trainer', `must be one of ${idsOf(TRAINERS).join(', ')}`);
}

function resolveElm(value: Readonly<Record<string, unknown>>): ElmConfig {
  const { trainer: _trainer, ...settings } = value;
  const config = resolveParams(ELM_FIELDS, settings, '');
  if (config.auto && config.solver !== 'ridge') throw new ParamError('auto', 'choosing automatically needs the ridge solver');
  return { trainer: 'elm', ...config };
}

function resolveBackprop(value: Readonly<Record<string, unknown>>, task: Task, model: ModelSpec | null): BackpropConfig {
  for (const key of Object.keys(value)) {
    if (!BACKPROP_KEYS.includes(key)) throw new ParamError(key, `is not a known setting (known: ${BACKPROP_KEYS.join(', ')})`);
  }
  const design = model ?? (value.model === undefined ? null : validateModelSpec(value.model));
  if (!design) throw new ParamError('model', NEEDS_MODEL);
  const loss = resolveChoice(LOSSES, value.loss, 'loss');
  if (!lossSuits(loss.id, task)) throw new ParamError('loss.id', `${loss.id} does not suit ${task}`);
  const { earlyStopping, clipping, schedule } = value;
  return {
    trainer: 'backprop',
    model: design,
    optimizer: resolveChoice(OPTIMIZERS, value.optimizer, 'optimizer'),
    loss,
    ...resolveParams(BACKPROP_FIELDS, { batchSize: value.batchSize, epochs: value.epochs }, ''),
    ...(schedule !== undefined ? { schedule: resolveChoice(SCHEDULES, schedule, 'schedule') } : {}),
    ...(earlyStopping !== undefined
      ? { earlyStopping: earlyStopping === null ? null : settingsAt('earlyStopping', earlyStopping, EARLY_STOPPING_FIELDS) }
      : {}),
    ...(clipping !== undefined ? { clipping: settingsAt('clipping', clipping, CLIPPING_FIELDS) } : {}),
  };
}

function settingsAt<S extends FieldSet>(path: string, value: unknown, set: S): Values<S> {
  const record = recordAt(value, path);
  return under(path, () => resolveParams(set, record, ''));
}
