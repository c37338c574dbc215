/**
 * Entry of an engine process: runs one training job (or one tune job) and reports over the parent channel
 * (protocol in src/shared/engine-protocol.ts). One file serves Electron's utilityProcess,
 * worker_threads and child_process.fork. Nothing here exits silently: every failure becomes an
 * `error` message before the process ends.
 */
import { InputError } from '../../engine/catalog/input-error';
import { runTrainingJob, type TrainingJob } from '../../engine/trainers/train';
import { runTuneJob, type TuneJob } from '../../engine/trainers/tune-job';
import { ENGINE_EXIT_CODES, engineRequestSchema, type EngineMessage } from '../../shared/engine-protocol';
import type { AppError } from '../../shared/result';
import type { TrainHooks } from '../../engine/trainers/types';
import { configureKernels } from './configure-kernels';
import { detectHostPort, type HostPort } from './host-port';

const port = detectHostPort();
if (!port) {
  console.error('engine-host: start me through utilityProcess, worker_threads or child_process.fork');
  process.exit(ENGINE_EXIT_CODES.noParent);
}

function post(p: HostPort, message: EngineMessage): void {
  p.post(message);
}

/**
 * What the person can fix (an InputError: a column, a setting) goes back with its code and place; anything
 * else is a fault of the engine: ENGINE_FAILED with its message, and its stack on this process's stderr
 * (which the launchers pass through to the app's log).
 */
function failure(e: unknown): AppError {
  if (e instanceof InputError) return { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) };
  console.error('engine-host: the engine failed:', e);
  return { code: 'ENGINE_FAILED', message: e instanceof Error ? e.message : String(e) };
}

function fail(p: HostPort, e: unknown): void {
  post(p, { type: 'error', error: failure(e) });
}

function main(p: HostPort): void {
  let cancelRequested = false;
  let running = false;
  const crash = (e: unknown) => {
    // The channel to the host broke (the host was killed): nobody is left to tell.
    const code = (e as { code?: unknown } | null)?.code;
    if (code === 'EPIPE' || code === 'ERR_IPC_CHANNEL_CLOSED') process.exit(ENGINE_EXIT_CODES.noParent);
    fail(p, e);
    // Let the message flush before the process goes.
    setTimeout(() => process.exit(ENGINE_EXIT_CODES.crashed), 50);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);

  p.onMessage((raw) => {
    const parsed = engineRequestSchema.safeParse(raw);
    if (!parsed.success) {
      post(p, { type: 'error', error: { code: 'ENGINE_FAILED', message: `engine received a malformed message: ${parsed.error.issues[0]?.message}` } });
      return;
    }
    const request = parsed.data;
    if (request.type === 'cancel') {
      cancelRequested = true;
      return;
    }
    if (running) {
      post(p, { type: 'error', error: { code: 'ENGINE_FAILED', message: 'this engine process is already running a job' } });
      return;
    }
    running = true;
    const hooks: TrainHooks = {
      onEpoch: (e) => post(p, { type: 'progress', epoch: e.epoch, totalEpochs: e.totalEpochs, record: e.record }),
      // The progress bar shows the whole job (hidden layer, solve, scoring…), not the step under way.
      onWork: (fraction, phase) => post(p, { type: 'phase', phase, fraction }),
      shouldStop: () => cancelRequested,
      yieldNow: () => new Promise((resolve) => setImmediate(resolve)),
    };
    // The schema checked the outer shape (and strips keys it does not name, so the job is taken from the
    // raw message); the engine validates the rest against its registries and throws readable errors.
    const work: Promise<EngineMessage> = request.type === 'start'
      ? runTrainingJob((raw as { job: TrainingJob }).job, hooks).then((outcome) => ({ type: 'done', outcome }))
      : runTuneJob((raw as { tune: TuneJob }).tune, hooks).then((outcome) => ({ type: 'tuned', outcome }));
    work
      .then((message) => post(p, message))
      .catch((e) => fail(p, e))
      .finally(() => {
        running = false;
      });
  });
  post(p, { type: 'ready', kernels: configureKernels() });
}

main(port);
