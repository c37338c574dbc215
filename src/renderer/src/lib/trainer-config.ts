import { defaultChoice, resolveChoice, type Catalog, type ChoiceOf } from '../../../engine/catalog/choice';
import { fieldDefaults, hasId, idsOf, ParamError, type Values } from '../../../engine/catalog/fields';
import { LOSSES, lossClassProblem, lossSuits, type LossConfig, type LossId } from '../../../engine/catalog/losses';
import { OPTIMIZERS, type OptimizerConfig } from '../../../engine/catalog/optimizers';
import { SCHEDULES, type ScheduleConfig } from '../../../engine/catalog/schedules';
import {
  BACKPROP_FIELDS, CLIPPING_FIELDS, EARLY_STOPPING_FORM_FIELDS, ELM_FIELDS, type TrainerId,
} from '../../../engine/catalog/trainer-fields';
import type { Task } from '../../../engine/data/table';
import type { ModelSpec } from '../../../engine/model/spec';
import type { TrainerConfig } from '../../../engine/trainers/types';
import { formProblems } from './trainer-fields';

/** Everything the Train form edits, typed by the catalog's fields, flat enough for v-model. */
export interface TrainForm {
  trainer: TrainerId;
  optimizer: OptimizerConfig;
  loss: LossConfig;
  basics: Values<typeof BACKPROP_FIELDS>;
  schedule: ScheduleConfig;
  earlyStopping: Values<typeof EARLY_STOPPING_FORM_FIELDS>;
  clipping: Values<typeof CLIPPING_FIELDS>;
  elm: Values<typeof ELM_FIELDS>;
  seed: number;
}

/** The losses the form offers: those for the task, and for classification those that fit the number of classes. */
export function lossesFor(task: Task, classCount: number): LossId[] {
  return idsOf(LOSSES).filter((id) => lossSuits(id, task) && (task !== 'classification' || lossClassProblem(id, classCount) === null));
}

export const defaultLoss = (task: Task): LossId => (task === 'classification' ? 'crossEntropy' : 'mse');

export function defaultForm(task: Task): TrainForm {
  return {
    trainer: 'backprop',
    optimizer: defaultChoice(OPTIMIZERS, 'adam'),
    loss: defaultChoice(LOSSES, defaultLoss(task)),
    basics: fieldDefaults(BACKPROP_FIELDS),
    schedule: defaultChoice(SCHEDULES, 'constant'),
    earlyStopping: fieldDefaults(EARLY_STOPPING_FORM_FIELDS),
    clipping: fieldDefaults(CLIPPING_FIELDS),
    elm: fieldDefaults(ELM_FIELDS),
    seed: 1,
  };
}

/** The entry `id` names at its defaults, or null for an id the catalog does not have (a select's value is a string). */
export function choiceAt<C extends Catalog>(catalog: C, id: string): ChoiceOf<C> | null {
  return hasId(catalog, id) ? defaultChoice(catalog, id) : null;
}

/** Messages for every invalid field of the active trainer (empty when the form can be submitted). */
export function formErrors(form: TrainForm): string[] {
  if (form.trainer === 'elm') return formProblems(ELM_FIELDS, form.elm, 'ELM', form.elm.solver === 'ridge' ? [] : ['c']);
  return [
    ...formProblems(OPTIMIZERS[form.optimizer.id].fields, form.optimizer.params, 'Optimizer'),
    ...formProblems(LOSSES[form.loss.id].fields, form.loss.params, 'Loss'),
    ...formProblems(BACKPROP_FIELDS, form.basics, 'Training'),
    ...formProblems(SCHEDULES[form.schedule.id].fields, form.schedule.params, 'Schedule'),
    ...(form.earlyStopping.enabled ? formProblems(EARLY_STOPPING_FORM_FIELDS, form.earlyStopping, 'Early stopping') : []),
    ...(form.clipping.mode !== 'none' ? formProblems(CLIPPING_FIELDS, form.clipping, 'Clipping') : []),
  ];
}

/** A plain copy of reactive form state: the IPC bridge clones what it sends, and a Vue proxy cannot be cloned. */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/** The trainer config the backend resolves; `model` is the design being trained (backprop only). */
export function buildTrainerConfig(form: TrainForm, model: ModelSpec): TrainerConfig {
  if (form.trainer === 'elm') return plain({ trainer: 'elm', ...form.elm });
  const { enabled, ...earlyStopping } = form.earlyStopping;
  return plain({
    trainer: 'backprop',
    model,
    optimizer: form.optimizer,
    loss: form.loss,
    ...form.basics,
    schedule: form.schedule,
    earlyStopping: enabled ? earlyStopping : null,
    clipping: form.clipping,
  });
}

/** A stored choice as the form's, with any setting it lacks at its default; the default choice if it is not valid here. */
function storedChoice<C extends Catalog>(catalog: C, stored: unknown, noun: string, fallback: ChoiceOf<C>): ChoiceOf<C> {
  try {
    return resolveChoice(catalog, stored, noun);
  } catch (e) {
    if (e instanceof ParamError) return fallback;
    throw e;
  }
}

/** The form that reproduces a run's settings (clone & edit). */
export function formFromConfig(config: TrainerConfig, task: Task, seed: number): TrainForm {
  const form = defaultForm(task);
  form.seed = seed;
  if (config.trainer === 'elm') {
    const { trainer: _trainer, chunkRows: _chunkRows, ...elm } = config;
    form.trainer = 'elm';
    form.elm = { ...form.elm, ...elm };
    return form;
  }
  form.optimizer = storedChoice(OPTIMIZERS, config.optimizer, 'optimizer', form.optimizer);
  form.loss = storedChoice(LOSSES, config.loss, 'loss', form.loss);
  form.basics = { epochs: config.epochs, batchSize: config.batchSize };
  form.schedule = config.schedule ? storedChoice(SCHEDULES, config.schedule, 'schedule', form.schedule) : form.schedule;
  form.earlyStopping = config.earlyStopping ? { ...form.earlyStopping, ...config.earlyStopping, enabled: true } : form.earlyStopping;
  form.clipping = config.clipping ? { mode: config.clipping.mode, value: config.clipping.value || 1 } : form.clipping;
  return form;
}
