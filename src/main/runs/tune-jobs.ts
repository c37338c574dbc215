import type { TrainingJob } from '../../engine/trainers/train';
import type { TuneJob, TuneOutcome } from '../../engine/trainers/tune-job';
import { err, ok, type Result } from '../../shared/result';
import type { EngineLauncher, EngineProcess } from './engine-process';

export interface TuneJobsOptions {
  launch: EngineLauncher;
  /** How long a cancelled engine may take to stop by itself before it is killed (default 2000 ms). */
  killAfterMs?: number;
}

/** What each kind is called in messages. */
const JOB_WORDS: Record<TuneJob['kind'], string> = {
  lrRange: 'the learning-rate range test',
  elmTune: 'choosing hidden units and C',
};

interface ActiveJob {
  engine: EngineProcess;
  cancelled: boolean;
  killTimer: ReturnType<typeof setTimeout> | null;
}

/**
 * Tune jobs (engine/trainers/tune-job.ts) in engine processes of their own, one per job, beside the run queue:
 * they are short, asked for while the person waits on the Train page, and leave nothing in the store. Each job
 * has the caller's id, so it can be cancelled and its progress matched. Every ending is a Result: the outcome,
 * CANCELLED, the engine's own error (a setting to fix, or ENGINE_FAILED), or ENGINE_FAILED saying the process
 * went away (crash, kill) — never a promise left hanging.
 */
export class TuneJobs {
  private readonly launch: EngineLauncher;
  private readonly killAfterMs: number;
  private readonly active = new Map<string, ActiveJob>();
  private accepting = true;

  constructor(o: TuneJobsOptions) {
    this.launch = o.launch;
    this.killAfterMs = o.killAfterMs ?? 2000;
  }

  isRunning(id: string): boolean {
    return this.active.has(id);
  }

  /** The caller checks the id is free (isRunning); `onProgress` gets the fraction done, 0…1. */
  run(id: string, kind: TuneJob['kind'], job: TrainingJob, onProgress: (fraction: number) => void): Promise<Result<TuneOutcome>> {
    const what = JOB_WORDS[kind];
    if (!this.accepting) return Promise.resolve(err('CANCELLED', `${what} was not started: the app is closing`));
    if (this.active.has(id)) throw new Error(`tune job ${id} is already running`);
    let engine: EngineProcess;
    try {
      engine = this.launch();
    } catch (e) {
      return Promise.resolve(err('ENGINE_FAILED', `the engine process could not start: ${e instanceof Error ? e.message : String(e)}`));
    }
    const active: ActiveJob = { engine, cancelled: false, killTimer: null };
    this.active.set(id, active);
    return new Promise((resolve) => {
      let settled = false;
      const settle = (result: Result<TuneOutcome>): void => {
        if (settled) return;
        settled = true;
        if (active.killTimer) clearTimeout(active.killTimer);
        this.active.delete(id);
        engine.kill();
        resolve(result);
      };
      const cancelled = () => err<TuneOutcome>('CANCELLED', `${what} was cancelled`);
      engine.onMessage((m) => {
        switch (m.type) {
          case 'ready':
            engine.send({ type: 'tune', tune: { kind, job } });
            if (active.cancelled) engine.send({ type: 'cancel' });
            return;
          case 'phase':
            onProgress(m.fraction);
            return;
          case 'tuned': {
            const stopped = m.outcome.kind === 'lrRange' ? m.outcome.result === null : m.outcome.selection === null;
            settle(stopped || active.cancelled ? cancelled() : ok(m.outcome));
            return;
          }
          case 'error':
            settle(active.cancelled ? cancelled() : { ok: false, error: m.error.code === 'ENGINE_FAILED' ? { ...m.error, message: `the engine failed: ${m.error.message}` } : m.error });
            return;
          default:
            return;
        }
      });
      engine.onExit((reason) => settle(active.cancelled ? cancelled() : err('ENGINE_FAILED', `${what} stopped: ${reason}`)));
    });
  }

  /** Asks the job's engine to stop (killed after killAfterMs); false when no such job runs. */
  cancel(id: string): boolean {
    const active = this.active.get(id);
    if (!active) return false;
    if (active.cancelled) return true;
    active.cancelled = true;
    active.engine.send({ type: 'cancel' });
    active.killTimer = setTimeout(() => active.engine.kill(), this.killAfterMs);
    return true;
  }

  /** Stops every job (they end CANCELLED) and refuses new ones. */
  shutdown(): void {
    this.accepting = false;
    for (const active of this.active.values()) {
      active.cancelled = true;
      active.engine.kill();
    }
  }
}
