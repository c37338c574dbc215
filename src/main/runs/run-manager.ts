import { availableParallelism } from 'node:os';
import type { TrainingJob, TrainingOutcome } from '../../engine/trainers/train';
import type { RunSummaryMetrics } from '../../shared/api';
import { Emitter } from '../../shared/emitter';
import type { EngineMessage } from '../../shared/engine-protocol';
import { epochPoints } from '../../shared/metric-keys';
import type { AppError } from '../../shared/result';
import type { RunStatus } from '../../shared/run-status';
import type { Store } from '../db/open-store';
import type { MetricPoint, RunArtifact, RunOutcome, RunRecord } from '../db/runs-repo';
import type { EngineLauncher, EngineProcess } from './engine-process';

export interface RunManagerOptions {
  store: Store;
  launch: EngineLauncher;
  /** Loads the dataset and applies the run's column types and split settings; a throw fails the run. */
  buildJob: (run: RunRecord) => TrainingJob | Promise<TrainingJob>;
  concurrency: number;
  /** Least time between two metric flushes of one run (default 100 ms: ≤ 10 batches per second). */
  progressIntervalMs?: number;
  /** How long a cancelled engine may take to stop by itself before it is killed (default 2000 ms). */
  killAfterMs?: number;
}

interface RunMetricsEvent {
  runId: number;
  points: MetricPoint[];
}

interface RunEvents {
  'run.updated': RunRecord;
  'run.metrics': RunMetricsEvent;
}

/** Why a run left queued or running by a closing app stopped (at shutdown, or found so at the next start-up). */
const INTERRUPTED_BY_CLOSE = 'the app closed before the run finished';

/** Phase progress (the ELM has no epochs) is stored as per cent of the phase. */
const PHASE_STEPS = 100;

/** The default queue width: leave one core to the interface. */
export function defaultConcurrency(): number {
  return Math.max(1, availableParallelism() - 1);
}

/**
 * Kernel threads per engine process: the cores shared among the runs the queue lets run at once, so that
 * a single run uses both cores of a 2-core machine and several runs do not oversubscribe them.
 */
export function threadsPerRun(concurrency: number, cores = availableParallelism()): number {
  return Math.max(1, Math.floor(cores / concurrency));
}

/** One run from the moment it leaves the queue until its final state is saved. */
interface ActiveRun {
  readonly id: number;
  engine: EngineProcess | null;
  pending: MetricPoint[];
  progress: { epoch: number; total: number } | null;
  flushTimer: ReturnType<typeof setTimeout> | null;
  lastFlushAt: number;
  /** What the run becomes if its engine goes away before reporting an outcome, and why (for 'interrupted'). */
  stopAs: 'cancelled' | 'interrupted' | null;
  stopReason: string | null;
  killTimer: ReturnType<typeof setTimeout> | null;
  settled: boolean;
  whenSettled: Promise<void>;
  settle: () => void;
  /** The app's part of the run's phases (see RunTimings): loading the job, and launch → ready of its engine. */
  clock: { buildJobMs: number; launchedAt: number; startUpMs: number };
}

/**
 * The run queue: starts queued runs in FIFO order while fewer than `concurrency` run, each in its own
 * engine process; persists progress in batches; saves the outcome. Transport-free: the API layer
 * forwards the events to IPC or WebSocket.
 */
export class RunManager {
  private readonly store: Store;
  private readonly launch: EngineLauncher;
  private readonly buildJob: RunManagerOptions['buildJob'];
  private readonly progressIntervalMs: number;
  private readonly killAfterMs: number;
  private concurrency: number;
  private readonly queue: number[] = [];
  private readonly active = new Map<number, ActiveRun>();
  /** A failing subscriber must not leave a run half-saved: the emitter reports it and goes on. */
  private readonly events = new Emitter<RunEvents>();
  private idleWaiters: (() => void)[] = [];
  private accepting = true;

  constructor(o: RunManagerOptions) {
    this.store = o.store;
    this.launch = o.launch;
    this.buildJob = o.buildJob;
    this.progressIntervalMs = o.progressIntervalMs ?? 100;
    this.killAfterMs = o.killAfterMs ?? 2000;
    this.concurrency = checkConcurrency(o.concurrency);
  }

  /** The run must exist in the store as 'queued'; it starts when a slot is free. */
  enqueue(runId: number): void {
    if (!this.accepting) throw new Error('the run manager is shutting down');
    const run = this.store.runs.get(runId);
    if (!run) throw new Error(`run ${runId} does not exist`);
    if (run.status !== 'queued' || this.queue.includes(runId) || this.active.has(runId)) {
      throw new Error(`run ${runId} is ${run.status} and cannot be queued`);
    }
    this.queue.push(runId);
    this.pump();
  }

  /** Queued: cancelled at once. Running: asked to stop, killed after killAfterMs; resolves once it is cancelled. */
  async cancel(runId: number): Promise<void> {
    const queued = this.queue.indexOf(runId);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.moveTo(runId, 'cancelled');
      this.checkIdle();
      return;
    }
    const run = this.active.get(runId);
    if (!run) return;
    this.stop(run, 'cancelled');
    await run.whenSettled;
  }

  /** Takes effect for the next start; a larger limit starts waiting runs at once. */
  setConcurrency(n: number): void {
    this.concurrency = checkConcurrency(n);
    this.pump();
  }

  on<E extends keyof RunEvents>(event: E, cb: (payload: RunEvents[E]) => void): () => void {
    return this.events.on(event, cb);
  }

  /** At start-up no engine of an earlier session is alive: its queued and running runs become 'interrupted'. */
  recoverAtStartup(): number {
    if (this.queue.length > 0 || this.active.size > 0) {
      throw new Error('recoverAtStartup must run before any run is queued');
    }
    return this.store.runs.markInterrupted(INTERRUPTED_BY_CLOSE);
  }

  /** Resolves when nothing is queued or running. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Stops accepting work; queued and running runs become 'interrupted' (metrics so far kept), with `reason` as
   * their error text so the run says why it stopped.
   */
  async shutdown(reason: string = INTERRUPTED_BY_CLOSE): Promise<void> {
    this.accepting = false;
    for (const runId of this.queue.splice(0)) this.moveTo(runId, 'interrupted', reason);
    const running = [...this.active.values()];
    for (const run of running) {
      run.stopAs = 'interrupted';
      run.stopReason = reason;
      run.engine?.kill();
    }
    await Promise.all(running.map((run) => run.whenSettled));
    this.checkIdle();
  }

  private isIdle(): boolean {
    return this.queue.length === 0 && this.active.size === 0;
  }

  private checkIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private pump(): void {
    while (this.accepting && this.active.size < this.concurrency && this.queue.length > 0) {
      void this.start(this.queue.shift()!);
    }
  }

  private async start(runId: number): Promise<void> {
    let settle!: () => void;
    const whenSettled = new Promise<void>((resolve) => (settle = resolve));
    const run: ActiveRun = {
      id: runId, engine: null, pending: [], progress: null, flushTimer: null, lastFlushAt: -Infinity,
      stopAs: null, stopReason: null, killTimer: null, settled: false, whenSettled, settle,
      clock: { buildJobMs: 0, launchedAt: 0, startUpMs: 0 },
    };
    this.active.set(runId, run);
    let job: TrainingJob;
    try {
      const record = this.moveTo(runId, 'running');
      const t0 = performance.now();
      job = await this.buildJob(record);
      run.clock.buildJobMs = performance.now() - t0;
    } catch (e) {
      this.end(run, () => this.moveTo(runId, 'failed', errorMessage(e)));
      return;
    }
    if (run.stopAs) {
      this.end(run, () => this.moveTo(runId, run.stopAs!, run.stopReason));
      return;
    }
    try {
      run.clock.launchedAt = performance.now();
      run.engine = this.launch({ threads: threadsPerRun(this.concurrency) });
    } catch (e) {
      this.end(run, () => this.moveTo(runId, 'failed', `the engine process could not start: ${errorMessage(e)}`));
      return;
    }
    const engine = run.engine;
    engine.onMessage((message) => this.onEngineMessage(run, message, job));
    engine.onExit((reason) => {
      if (run.settled) return;
      this.end(run, () => this.moveTo(runId, run.stopAs ?? 'failed', run.stopAs ? run.stopReason : reason));
    });
  }

  private onEngineMessage(run: ActiveRun, message: EngineMessage, job: TrainingJob): void {
    if (run.settled) return;
    switch (message.type) {
      case 'ready':
        run.clock.startUpMs = performance.now() - run.clock.launchedAt;
        // Sent only now: a process may drop what arrives before it listens.
        run.engine!.send({ type: 'start', job });
        this.store.runs.markWorkStarted(run.id);
        if (run.stopAs === 'cancelled') run.engine!.send({ type: 'cancel' });
        return;
      case 'progress':
        run.pending.push(...epochPoints(message.record));
        run.progress = { epoch: message.epoch, total: message.totalEpochs };
        this.scheduleFlush(run);
        return;
      case 'phase':
        run.progress = { epoch: Math.round(message.fraction * PHASE_STEPS), total: PHASE_STEPS };
        this.scheduleFlush(run);
        return;
      case 'done':
        this.end(run, () => this.saveOutcome(run, message.outcome));
        return;
      case 'error':
        this.end(run, () => this.moveTo(run.id, 'failed', failureText(message.error)));
        return;
    }
  }

  /** The outcome with the run's phases, then how long saving it took (known only once it is written). */
  private saveOutcome(run: ActiveRun, outcome: TrainingOutcome): RunRecord {
    const t0 = performance.now();
    const saved = this.store.runs.finish(run.id, outcomeToSave(outcome, run.clock));
    this.store.runs.recordSavingTime(run.id, performance.now() - t0);
    return this.store.runs.get(run.id) ?? saved;
  }

  private stop(run: ActiveRun, as: 'cancelled'): void {
    if (run.stopAs) return;
    run.stopAs = as;
    if (!run.engine) return;
    run.engine.send({ type: 'cancel' });
    run.killTimer = setTimeout(() => run.engine?.kill(), this.killAfterMs);
  }

  private scheduleFlush(run: ActiveRun): void {
    if (run.flushTimer) return;
    const wait = Math.max(0, run.lastFlushAt + this.progressIntervalMs - performance.now());
    run.flushTimer = setTimeout(() => {
      run.flushTimer = null;
      try {
        this.flush(run);
      } catch (e) {
        this.end(run, () => this.moveTo(run.id, 'failed', `saving progress failed: ${errorMessage(e)}`));
      }
    }, wait);
  }

  /** One transaction per batch: the metric rows and the progress they bring. */
  private flush(run: ActiveRun): void {
    if (run.flushTimer) clearTimeout(run.flushTimer);
    run.flushTimer = null;
    if (run.pending.length === 0 && !run.progress) return;
    const points = run.pending;
    const progress = run.progress ?? undefined;
    run.pending = [];
    run.progress = null;
    run.lastFlushAt = performance.now();
    this.store.runs.appendMetrics(run.id, points, progress);
    if (points.length > 0) this.events.emit('run.metrics', { runId: run.id, points });
    if (progress) this.events.emit('run.updated', this.store.runs.get(run.id)!);
  }

  /**
   * Saves what is buffered, then the final state (`save`), frees the slot and ends the engine. A store failure
   * while saving still frees the slot: the queue never stalls.
   */
  private end(run: ActiveRun, save: () => RunRecord): void {
    if (run.settled) return;
    run.settled = true;
    if (run.killTimer) clearTimeout(run.killTimer);
    try {
      this.flush(run);
    } catch (e) {
      console.error(`run ${run.id}: saving the last progress failed`, e);
    }
    try {
      const saved = save();
      if (saved.status !== 'running') this.events.emit('run.updated', saved);
    } catch (e) {
      this.failQuietly(run.id, `saving the result failed: ${errorMessage(e)}`);
    }
    run.engine?.kill();
    this.active.delete(run.id);
    run.settle();
    this.pump();
    this.checkIdle();
  }

  private failQuietly(runId: number, message: string): void {
    try {
      if (this.store.runs.get(runId)?.status === 'running') this.moveTo(runId, 'failed', message);
    } catch (e) {
      console.error(`run ${runId}: ${message}`, e);
    }
  }

  private moveTo(runId: number, to: RunStatus, error: string | null = null): RunRecord {
    const record = this.store.runs.transition(runId, to, error);
    this.events.emit('run.updated', record);
    return record;
  }
}

/** The summary the interface reads, and the artifacts of a finished run (weights, preprocessing, predictions). */
function outcomeToSave(outcome: TrainingOutcome, clock: ActiveRun['clock']): RunOutcome {
  const t = outcome.timings;
  const summary: RunSummaryMetrics = {
    ...outcome.metrics,
    bestEpoch: outcome.bestEpoch,
    stoppedEarly: outcome.stoppedEarly,
    divergence: outcome.divergence,
    parameterCount: outcome.parameterCount,
    epochs: outcome.records.length,
    ...(outcome.elm ? { elm: outcome.elm } : {}),
    timings: {
      startUpMs: clock.startUpMs, dataMs: clock.buildJobMs + t.prepareMs, trainingMs: t.trainingMs,
      evaluationMs: t.evaluationMs, diagnosticsMs: t.diagnosticsMs,
    },
    data: outcome.data,
  };
  const artifacts: RunArtifact[] = [];
  if (outcome.model) artifacts.push({ kind: 'model', json: outcome.model });
  if (outcome.testPredictions) {
    artifacts.push({ kind: 'predictions', json: { testPredictions: outcome.testPredictions, confusion: outcome.confusion ?? null } });
  }
  return {
    status: outcome.status,
    summary,
    trainMs: outcome.trainMs,
    artifacts,
    error: outcome.divergence?.message ?? null,
  };
}

/** A fault of the engine says so; a problem with the run's settings is its message alone (it says what to change). */
function failureText(error: AppError): string {
  return error.code === 'ENGINE_FAILED' ? `the engine failed: ${error.message}` : error.message;
}

function checkConcurrency(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`concurrency must be a positive integer, got ${n}`);
  return n;
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
