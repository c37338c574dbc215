import { z } from 'zod';
import type { TrainingJob, TrainingOutcome } from '../engine/trainers/train';
import type { TuneJob, TuneOutcome } from '../engine/trainers/tune-job';
import type { EpochRecord } from '../engine/trainers/types';
import type { AppError } from './result';

/**
 * Messages between run orchestration (Electron main or the browser host) and one engine process.
 * They travel by structured clone (utilityProcess, worker_threads, or child_process.fork with
 * `serialization: 'advanced'`), so typed arrays in the job arrive intact.
 */
export type EngineRequest =
  | { type: 'start'; job: TrainingJob }
  /** A learning-rate range test or an ELM selection curve instead of a run (engine/trainers/tune-job.ts). */
  | { type: 'tune'; tune: TuneJob }
  | { type: 'cancel' };

export type EngineMessage =
  | { type: 'ready'; kernels: string }
  | { type: 'progress'; epoch: number; totalEpochs: number; record: EpochRecord }
  /** Work without epochs: `fraction` of the whole job done, `phase` the step under way. */
  | { type: 'phase'; phase: string; fraction: number }
  | { type: 'done'; outcome: TrainingOutcome }
  | { type: 'tuned'; outcome: TuneOutcome }
  | { type: 'error'; error: AppError };

const typedArray = (ctor: typeof Float64Array | typeof Int32Array) =>
  z.custom<InstanceType<typeof ctor>>((v) => v instanceof ctor, `expected a ${ctor.name}`);

const columnSchema = z.discriminatedUnion('kind', [
  z.object({ name: z.string(), kind: z.literal('numeric'), values: typedArray(Float64Array) }),
  z.object({ name: z.string(), kind: z.literal('categorical'), codes: typedArray(Int32Array), categories: z.array(z.string()) }),
]);

/**
 * The engine process checks the outer shape of what it is asked to do; the engine itself validates the
 * model spec and trainer settings against its registries and reports what is wrong.
 */
const jobSchema = z.object({
  table: z.object({ rowCount: z.number().int().nonnegative(), columns: z.array(columnSchema).min(1) }),
  data: z.object({ target: z.string(), task: z.enum(['classification', 'regression']) }).passthrough(),
  trainer: z.object({ trainer: z.enum(['backprop', 'elm']) }).passthrough(),
  seed: z.number().int(),
});

export const engineRequestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), job: jobSchema }),
  z.object({ type: z.literal('tune'), tune: z.object({ kind: z.enum(['lrRange', 'elmTune']), job: jobSchema }) }),
  z.object({ type: z.literal('cancel') }),
]);

/**
 * The exit codes the engine host uses by itself: 1 after it reported a crash, 2 when nobody started it as an
 * engine. A launcher that only gets a number (Electron's utilityProcess) may read a signal's number as that
 * signal, but never one of these.
 */
export const ENGINE_EXIT_CODES = { crashed: 1, noParent: 2 } as const;

const messageTypes = new Set(['ready', 'progress', 'phase', 'done', 'tuned', 'error']);

/** Orchestration's guard on what comes back from a child process. */
export function isEngineMessage(value: unknown): value is EngineMessage {
  return typeof value === 'object' && value !== null && messageTypes.has((value as { type?: unknown }).type as string);
}
