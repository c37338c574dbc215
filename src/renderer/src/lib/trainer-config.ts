import type { Task } from '../../../engine/data/table';
import { lossRegistry, type LossId } from '../../../engine/losses/registry';
import type { ModelSpec } from '../../../engine/model/spec';
import { optimizerRegistry } from '../../../engine/optimizers/registry';
import type { ParamValues } from '../../../engine/registry/param-schema';
import { scheduleRegistry } from '../../../engine/schedules/registry';
import type { BackpropConfig, ElmConfig, TrainerConfig } from '../../../engine/trainers/types';
import { BACKPROP_FIELDS, CLIPPING_FIELDS, defaults, EARLY_STOPPING_FIELDS, ELM_FIELDS, fieldError } from './trainer-fields';

/** Everything the Train form edits, flat enough for v-model. */
export interface TrainForm {
  trainer: 'backprop' | 'elm';
  optimizerId: string;
  optimizer: ParamValues;
  lossId: LossId;
  loss: ParamValues;
  basics: ParamValues;
  scheduleId: string;
  schedule: ParamValues;
  earlyStopping: ParamValues;
  clipping: ParamValues;
  elm: ParamValues;
  seed: number;
}

export function lossesFor(task: Task): LossId[] {
  return (Object.keys(lossRegistry) as LossId[]).filter((id) => lossRegistry[id].tasks.includes(task));
}

export function defaultForm(task: Task): TrainForm {
  const lossId: LossId = task === 'classification' ? 'crossEntropy' : 'mse';
  return {
    trainer: 'backprop',
    optimizerId: 'adam',
    optimizer: defaults(optimizerRegistry.adam.fields),
    lossId,
    loss: defaults(lossRegistry[lossId].fields),
    basics: defaults(BACKPROP_FIELDS),
    scheduleId: 'constant',
    schedule: {},
    earlyStopping: defaults(EARLY_STOPPING_FIELDS),
    clipping: defaults(CLIPPING_FIELDS),
    elm: defaults(ELM_FIELDS),
    seed: 1,
  };
}

/** Messages for every invalid field of the active trainer (empty when the form can be submitted). */
export function formErrors(form: TrainForm): string[] {
  const check = (fields: readonly import('../../../engine/registry/param-schema').Field[], values: ParamValues, where: string) =>
    fields.flatMap((f) => {
      const e = fieldError(f, values[f.key]);
      return e ? [`${where} – ${f.label}: ${e}`] : [];
    });
  if (form.trainer === 'elm') {
    return check(ELM_FIELDS.filter((f) => f.key !== 'c' || form.elm.solver === 'ridge'), form.elm, 'ELM');
  }
  return [
    ...check(optimizerRegistry[form.optimizerId]?.fields ?? [], form.optimizer, 'Optimizer'),
    ...check(lossRegistry[form.lossId].fields, form.loss, 'Loss'),
    ...check(BACKPROP_FIELDS, form.basics, 'Training'),
    ...check(scheduleRegistry[form.scheduleId]?.fields ?? [], form.schedule, 'Schedule'),
    ...(form.earlyStopping.enabled ? check(EARLY_STOPPING_FIELDS, form.earlyStopping, 'Early stopping') : []),
    ...(form.clipping.mode !== 'none' ? check(CLIPPING_FIELDS, form.clipping, 'Clipping') : []),
  ];
}

/** The trainer config the engine validates; `model` is the design being trained (backprop only). */
export function buildTrainerConfig(form: TrainForm, model: ModelSpec): TrainerConfig {
  if (form.trainer === 'elm') {
    const e = form.elm;
    return {
      trainer: 'elm',
      hiddenUnits: e.hiddenUnits as number,
      activation: e.activation as ElmConfig['activation'],
      solver: e.solver as ElmConfig['solver'],
      c: e.c as number,
      init: e.init as ElmConfig['init'],
    };
  }
  const es = form.earlyStopping;
  const clip = form.clipping;
  const config: BackpropConfig = {
    trainer: 'backprop',
    model,
    optimizer: { id: form.optimizerId, params: { ...form.optimizer } },
    loss: { id: form.lossId, params: { ...form.loss } },
    batchSize: form.basics.batchSize as number,
    epochs: form.basics.epochs as number,
    schedule: { id: form.scheduleId, params: { ...form.schedule } },
    earlyStopping: es.enabled ? { patience: es.patience as number, minDelta: es.minDelta as number, restoreBest: es.restoreBest as boolean } : null,
    clipping: { mode: clip.mode as 'none' | 'norm' | 'value', value: clip.value as number },
  };
  return config;
}

/** The form that reproduces a run's settings (clone & edit). */
export function formFromConfig(config: TrainerConfig, task: Task, seed: number): TrainForm {
  const form = defaultForm(task);
  form.seed = seed;
  if (config.trainer === 'elm') {
    form.trainer = 'elm';
    form.elm = { ...form.elm, hiddenUnits: config.hiddenUnits, activation: config.activation, solver: config.solver, c: config.c, init: config.init };
    return form;
  }
  form.optimizerId = config.optimizer.id;
  form.optimizer = { ...defaults(optimizerRegistry[config.optimizer.id]?.fields ?? []), ...(config.optimizer.params as ParamValues | undefined) };
  form.lossId = config.loss.id as LossId;
  form.loss = { ...defaults(lossRegistry[form.lossId]?.fields ?? []), ...(config.loss.params as ParamValues | undefined) };
  form.basics = { epochs: config.epochs, batchSize: config.batchSize };
  form.scheduleId = config.schedule?.id ?? 'constant';
  form.schedule = { ...defaults(scheduleRegistry[form.scheduleId]?.fields ?? []), ...(config.schedule?.params as ParamValues | undefined) };
  form.earlyStopping = config.earlyStopping
    ? { enabled: true, patience: config.earlyStopping.patience, minDelta: config.earlyStopping.minDelta ?? 0, restoreBest: config.earlyStopping.restoreBest ?? true }
    : form.earlyStopping;
  form.clipping = config.clipping ? { mode: config.clipping.mode, value: config.clipping.value || 1 } : form.clipping;
  return form;
}
