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
import { ParamError, resolveParams, type RegistryEntry } from '../../engine/registry/param-schema';
import { scheduleRegistry } from '../../engine/schedules/registry';
import type { BackpropConfig, ElmConfig, TrainerConfig } from '../../engine/trainers/types';
import { ApiError, quote } from './api-error';

const params = z.record(z.string(), z.unknown()).optional();
const choice = z.object({ id: z.string().min(1).max(100), params });

const backpropSchema = z.object({
  trainer: z.literal('backprop'),
  model: z.unknown().optional(),
  optimizer: choice,
  loss: choice,
  batchSize: z.number().int().min(1).max(1_000_000),
  epochs: z.number().int().min(1).max(100_000),
  schedule: choice.optional(),
  earlyStopping: z.object({
    patience: z.number().int().min(1).max(100_000),
    minDelta: z.number().min(0).finite().optional(),
    restoreBest: z.boolean().optional(),
  }).nullable().optional(),
  clipping: z.object({ mode: z.enum(['none', 'norm', 'value']), value: z.number().min(0).finite() }).optional(),
});

const elmSchema = z.object({
  trainer: z.literal('elm'),
  hiddenUnits: z.number().int().min(1).max(20_000),
  activation: z.enum(['sigmoid', 'tanh', 'relu', 'sin', 'hardlim', 'rbf']),
  solver: z.enum(['pinv', 'ridge']),
  c: z.number().positive().finite(),
  init: z.enum(['uniform', 'gaussian']),
  chunkRows: z.number().int().min(1).max(1_000_000).optional(),
});

const trainerSchema = z.discriminatedUnion('trainer', [backpropSchema, elmSchema]);

function invalid(field: string, message: string): ApiError {
  return new ApiError('INVALID_CONFIG', `${field}: ${message}`, { field });
}

function resolveEntry<F>(
  registry: Readonly<Record<string, RegistryEntry<F>>>, value: { id: string; params?: Record<string, unknown> }, field: string,
): { id: string; params: Record<string, unknown> } {
  if (!Object.hasOwn(registry, value.id)) {
    throw invalid(`${field}.id`, `unknown ${quote(value.id)} (known: ${Object.keys(registry).join(', ')})`);
  }
  const entry = registry[value.id];
  try {
    return { id: value.id, params: resolveParams(entry.fields, value.params, entry.label) };
  } catch (e) {
    if (e instanceof ParamError) throw invalid(`${field}.params.${e.key}`, e.reason);
    throw e;
  }
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
  if (config.trainer === 'elm') return config satisfies ElmConfig;
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
    batchSize: config.batchSize,
    epochs: config.epochs,
    ...(config.schedule ? { schedule: resolveEntry(scheduleRegistry, config.schedule, 'trainer.schedule') } : {}),
    ...(config.earlyStopping !== undefined ? { earlyStopping: config.earlyStopping } : {}),
    ...(config.clipping ? { clipping: config.clipping } : {}),
  };
  return result;
}

/** "Adam · crossEntropy" or "ELM ridge · 200 sigmoid". */
export function trainerLabel(config: TrainerConfig): string {
  if (config.trainer === 'elm') return `ELM ${config.solver} · ${config.hiddenUnits} ${config.activation}`;
  return `${optimizerRegistry[config.optimizer.id]?.label ?? config.optimizer.id} · ${config.loss.id}`;
}
