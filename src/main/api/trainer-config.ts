/**
 * The trainer settings of `runs.start`, checked before anything is queued: the shape with zod, the
 * optimizer/loss/schedule parameters against the engine's registries (defaults filled in), the model spec
 * against the layer registry. Every message names the field.
 */
import { z } from 'zod';
import type { Task } from '../../engine/data/table';
import { isLossId, lossRegistry } from '../../engine/losses/registry';
import type { ModelSpec } from '../../engine/model/spec';
import { optimizerRegistry } from '../../engine/optimizers/registry';
import { ParamError, resolveParams, type Field, type ParamValues, type RegistryEntry } from '../../engine/registry/param-schema';
import { BACKPROP_FIELDS, CLIPPING_FIELDS, EARLY_STOPPING_FIELDS, ELM_FIELDS } from '../../engine/trainers/trainer-fields';
import { scheduleRegistry } from '../../engine/schedules/registry';
import type { BackpropConfig, ElmConfig, TrainerConfig } from '../../engine/trainers/types';
import { ApiError, quote } from './api-error';

const params = z.record(z.string(), z.unknown()).optional();
const choice = z.object({ id: z.string().min(1).max(100), params });
const settings = z.record(z.string(), z.unknown());

// The shape only: ranges, options and defaults come from the engine's field metadata (trainer-fields.ts),
// the same the Train form is built from, so the form and this check cannot disagree.
const trainerSchema = z.discriminatedUnion('trainer', [
  z.object({
    trainer: z.literal('backprop'),
    model: z.unknown().optional(),
    optimizer: choice,
    loss: choice,
    batchSize: z.unknown(),
    epochs: z.unknown(),
    schedule: choice.optional(),
    earlyStopping: settings.nullable().optional(),
    clipping: settings.optional(),
  }),
  z.object({ trainer: z.literal('elm') }).catchall(z.unknown()),
]);

const EARLY_STOPPING_CONFIG_FIELDS = EARLY_STOPPING_FIELDS.filter((f) => f.key !== 'enabled');

function resolveFields(fields: readonly Field[], values: Record<string, unknown> | undefined, field: string): ParamValues {
  try {
    return resolveParams(fields, values, field);
  } catch (e) {
    if (e instanceof ParamError) throw invalid(`${field}.${e.key}`, e.reason);
    throw e;
  }
}

function invalid(field: string, message: string): ApiError {
  return new ApiError('INVALID_CONFIG', `${field}: ${message}`, { field });
}

function resolveEntry<F>(
  registry: Readonly<Record<string, RegistryEntry<F>>>, value: { id: string; params?: Record<string, unknown> }, field: string,
): { id: string; params: Record<string, unknown> } {
  if (!Object.hasOwn(registry, value.id)) {
    throw invalid(`${field}.id`, `unknown ${quote(value.id)} (known: ${Object.keys(registry).join(', ')})`);
  }
  return { id: value.id, params: resolveFields(registry[value.id].fields, value.params, `${field}.params`) };
}

/**
 * `model` is the validated design for backprop (from the chosen saved model); it replaces any `model` in the
 * settings. Returns the config exactly as it will be stored and trained.
 */
export function validateTrainerConfig(raw: unknown, task: Task, model: ModelSpec | null): TrainerConfig {
  const parsed = trainerSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = ['trainer', ...issue.path.map(String)].join('.');
    throw invalid(field, issue.message);
  }
  const config = parsed.data;
  if (config.trainer === 'elm') {
    const { trainer: _trainer, ...rest } = config;
    return { trainer: 'elm', ...resolveFields(ELM_FIELDS, rest, 'trainer') } as unknown as ElmConfig;
  }
  if (!model) throw invalid('modelId', 'backpropagation needs a model design; choose one');
  if (!isLossId(config.loss.id)) throw invalid('trainer.loss.id', `unknown ${quote(config.loss.id)} (known: ${Object.keys(lossRegistry).join(', ')})`);
  if (!lossRegistry[config.loss.id].tasks.includes(task)) {
    throw invalid('trainer.loss.id', `${config.loss.id} does not suit ${task}`);
  }
  const result: BackpropConfig = {
    trainer: 'backprop',
    model,
    optimizer: resolveEntry(optimizerRegistry, config.optimizer, 'trainer.optimizer'),
    loss: resolveEntry(lossRegistry, config.loss, 'trainer.loss'),
    ...(resolveFields(BACKPROP_FIELDS, { batchSize: config.batchSize, epochs: config.epochs }, 'trainer') as { batchSize: number; epochs: number }),
    ...(config.schedule ? { schedule: resolveEntry(scheduleRegistry, config.schedule, 'trainer.schedule') } : {}),
    ...(config.earlyStopping !== undefined
      ? { earlyStopping: config.earlyStopping && (resolveFields(EARLY_STOPPING_CONFIG_FIELDS, config.earlyStopping, 'trainer.earlyStopping') as unknown as NonNullable<BackpropConfig['earlyStopping']>) }
      : {}),
    ...(config.clipping ? { clipping: resolveFields(CLIPPING_FIELDS, config.clipping, 'trainer.clipping') as unknown as NonNullable<BackpropConfig['clipping']> } : {}),
  };
  return result;
}

/** "Adam · crossEntropy" or "ELM ridge · 200 sigmoid". */
export function trainerLabel(config: TrainerConfig): string {
  if (config.trainer === 'elm') return `ELM ${config.solver} · ${config.hiddenUnits} ${config.activation}`;
  return `${optimizerRegistry[config.optimizer.id]?.label ?? config.optimizer.id} · ${config.loss.id}`;
}
