/**
 * The trainer settings of `runs.start`, resolved before anything is queued by the catalog's one resolver
 * (shape, ids, every setting against its field with defaults filled in, the loss against the task, an inline
 * design against the layer catalog). A bad setting is INVALID_CONFIG naming the field; a bad design
 * INVALID_MODEL with the layer index (the SpecError passes through to the dispatcher).
 */
import { ELM_ACTIVATIONS } from '../../engine/catalog/activations';
import { ParamError } from '../../engine/catalog/fields';
import { LOSSES } from '../../engine/catalog/losses';
import { OPTIMIZERS } from '../../engine/catalog/optimizers';
import { NEEDS_MODEL, resolveTrainerConfig } from '../../engine/catalog/trainer-config';
import { ELM_FIELDS } from '../../engine/catalog/trainer-fields';
import type { Task } from '../../engine/data/table';
import type { ModelSpec } from '../../engine/model/spec';
import type { TrainerConfig } from '../../engine/trainers/types';
import { ApiError } from './api-error';

/**
 * `model` is the validated saved design (from `modelId`); it replaces any `model` in the settings. Without
 * one, backprop trains the settings' inline `model`. Returns the config exactly as it will be stored and trained.
 */
export function validateTrainerConfig(raw: unknown, task: Task, model: ModelSpec | null): TrainerConfig {
  try {
    return resolveTrainerConfig(raw, task, model);
  } catch (e) {
    if (!(e instanceof ParamError)) throw e;
    // No saved design and no inline one: the request's modelId is what to fix.
    const field = e.path === 'model' && e.reason === NEEDS_MODEL ? 'modelId' : e.path ? `trainer.${e.path}` : 'trainer';
    throw new ApiError('INVALID_CONFIG', `${field}: ${e.reason}`, { field });
  }
}

/** "Adam · Cross-entropy" or "ELM · 200 Sigmoid units, Ridge (regularised)": the catalogs' words. */
export function trainerLabel(config: TrainerConfig): string {
  if (config.trainer === 'elm') {
    const solver = ELM_FIELDS.fields.solver.options.find((o) => o.value === config.solver)?.label ?? config.solver;
    return `ELM · ${config.hiddenUnits} ${ELM_ACTIVATIONS[config.activation].label} units, ${solver}`;
  }
  return `${OPTIMIZERS[config.optimizer.id].label} · ${LOSSES[config.loss.id].label}`;
}
