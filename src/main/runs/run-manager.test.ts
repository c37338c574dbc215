import { afterEach, describe, expect, it } from 'vitest';
import type { TrainedModel } from '../../engine/model/trained-model';
import type { TestPredictions } from '../../engine/trainers/train';
import type { RunSummaryMetrics } from '../../shared/api';
import { openStore } from '../db/open-store';
import type { RunStatus } from '../../shared/run-status';
import type { MetricPoint, RunRecord } from '../db/runs-repo';
import { artifactKinds, integrityCheck } from '../db/test-kit';
import { forkEngineLauncher, type LaunchOptions } from './engine-process';
import { RunManager, threadsPerRun, type RunManagerOptions } from './run-manager';
import { backpropConfig, ELM_CONFIG, jobBuilder, runFixture, type RunFixture } from './run-test-kit';

let fx: RunFixture | null = null;
let manager: RunManager | null = null;

afterEach(async () => {
  await manager?.shutdown();
  manager = null;
  if (fx) {
    fx.store.close();
    expect(integrityCheck(fx.file)).toBe('ok');
    fx.dispose();
    fx = null;
  }
});

/** A manager on a fresh store, recording every event it sends. */
function setup(options: Partial<RunManagerOptions> = {}, rows?: number) {
  fx = runFixture(rows);
  const store = fx.store;
  manager = new RunManager({ store, launch: forkEngineLauncher(), buildJob: jobBuilder(store), concurrency: 2, ...options });
  const updates: RunRecord[] = [];
  const batches: { runId: number; points: MetricPoint[] }[] = [];
  manager.on('run.updated', (r) => updates.push(r));
  manager.on('run.metrics', (e) => batches.push(e));
  const statuses = (runId: number): RunStatus[] =>
    updates.filter((u) => u.id === runId).map((u) => u.status).filter((s, i, all) => i === 0 || all[i - 1] !== s);
  /** Resolves with the first update of the run that satisfies `test` (seen already or still to come). */
  const waitFor = (runId: number, test: (r: RunRecord) => boolean) =>
    new Promise<RunRecord>((resolve) => {
      const seen = updates.find((u) => u.id === runId && test(u));
      if (seen) return resolve(seen);
      const off = manager!.on('run.updated', (u) => {
        if (u.id === runId && test(u)) {
          off();
          resolve(u);
        }
      });
    });
  return { fx, store, manager, updates, batches, statuses, waitFor };
}

/** Stored epochs of one key, in order. */
function epochsOf(points: readonly MetricPoint[], key: string): number[] {
  return points.filter((p) => p.key === key).map((p) => p.epoch);
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('threadsPerRun', () => {
  it('shares the cores among the runs that may run at once, at least one thread each', () => {
    expect(threadsPerRun(1, 2)).toBe(2);
    expect(threadsPerRun(1, 8)).toBe(8);
    expect(threadsPerRun(3, 8)).toBe(2);
    expect(threadsPerRun(4, 2)).toBe(1);
  });
});

describe('RunManager with real engine processes', () => {
  it('launches each engine with its share of the cores for the current concurrency', async () => {
    const asked: Array<LaunchOptions | undefined> = [];
    const fork = forkEngineLauncher();
    const { manager } = setup({ launch: (o) => (asked.push(o), fork(o)), concurrency: 1 });
    manager.enqueue(fx!.createRun(ELM_CONFIG));
    await manager.idle();
    manager.setConcurrency(2);
    manager.enqueue(fx!.createRun(ELM_CONFIG));
    await manager.idle();
    expect(asked).toEqual([{ threads: threadsPerRun(1) }, { threads: threadsPerRun(2) }]);
  });

  it('takes a backprop run and an ELM run from queued to completed, saving metrics, summary and artifacts', async () => {
    const { store, manager, batches, statuses } = setup();
    const epochs = 6;
    const bp = fx!.createRun(backpropConfig(epochs));
    const elm = fx!.createRun(ELM_CONFIG);
    manager.enqueue(bp);
    manager.enqueue(elm);
    await manager.idle();

    expect(statuses(bp)).toEqual(['running', 'completed']);
    expect(statuses(elm)).toEqual(['running', 'completed']);

    const run = store.runs.get(bp)!;
    expect(run.progress).toEqual({ epoch: epochs, total: epochs });
    const stored = store.runs.readMetrics([bp]);
    for (const key of ['train.loss', 'train.accuracy', 'val.loss', 'val.accuracy', 'lr', 'epochMs', 'grad.0', 'weight.0']) {
      expect([key, epochsOf(stored, key)]).toEqual([key, range(epochs)]);
    }
    // What subscribers were sent is exactly what was saved.
    const sent = batches.filter((b) => b.runId === bp).flatMap((b) => b.points);
    expect(sent.map((p) => `${p.key}@${p.epoch}=${p.value}`).sort())
      .toEqual(stored.map((p) => `${p.key}@${p.epoch}=${p.value}`).sort());

    const summary = run.summary as RunSummaryMetrics;
    expect(summary).toMatchObject({ epochs, stoppedEarly: false, divergence: null, data: { features: 6 } });
    expect(summary.data.train + summary.data.val + summary.data.test).toBe(150);
    expect(run.trainMs).toBeGreaterThan(0);
    // The saved confusion matrix and predictions agree with the saved test accuracy.
    const predictions = store.runs.getArtifact(bp, 'predictions') as { json: { testPredictions: TestPredictions; confusion: number[][] } };
    const { testPredictions, confusion } = predictions.json;
    const total = confusion.flat().reduce((s, v) => s + v, 0);
    const diagonal = confusion.reduce((s, row, i) => s + row[i], 0);
    expect(total).toBe(summary.data.test);
    expect(diagonal / total).toBeCloseTo(summary.test!.accuracy!, 12);
    const hits = testPredictions.actual.filter((a, i) => a === testPredictions.predicted[i]).length;
    expect(hits).toBe(diagonal);
    const model = (store.runs.getArtifact(bp, 'model') as { json: TrainedModel }).json;
    expect(model).toMatchObject({ task: 'classification', classes: ['a', 'b', 'c'] });
    expect(model.preprocessing).toBeTruthy();

    const elmRun = store.runs.get(elm)!;
    expect(store.runs.readMetrics([elm])).toEqual([]);
    expect(elmRun.progress).toEqual({ epoch: 100, total: 100 });
    expect((elmRun.summary as RunSummaryMetrics).elm?.solverUsed).toMatch(/ridge/);
    expect(artifactKinds(store.file, elm)).toEqual(['model', 'predictions']);
  });

  it('records every phase of a run: start-up, data, training, evaluation, saving add up to at most the elapsed time', async () => {
    const { store, manager } = setup();
    const ids = [fx!.createRun(backpropConfig(4)), fx!.createRun(ELM_CONFIG)];
    for (const id of ids) manager.enqueue(id);
    await manager.idle();
    for (const id of ids) {
      const run = store.runs.get(id)!;
      const t = (run.summary as RunSummaryMetrics).timings!;
      expect(t.trainingMs).toBe(run.trainMs);
      // Starting a Node process with the engine's modules takes far more than a millisecond anywhere.
      expect(t.startUpMs).toBeGreaterThan(1);
      for (const ms of [t.dataMs, t.evaluationMs, t.diagnosticsMs, t.savingMs!]) expect(ms).toBeGreaterThanOrEqual(0);
      expect(t.savingMs).toBeGreaterThan(0);
      // The work began after start-up, within the run's wall time; the phases are disjoint, so they fit in it
      // (the store's clock is in whole ms, hence the 2 ms of slack).
      expect(run.workStartedAt).toBeGreaterThanOrEqual(run.startedAt! + Math.floor(t.startUpMs));
      expect(run.workStartedAt).toBeLessThanOrEqual(run.finishedAt!);
      const sum = t.startUpMs + t.dataMs + t.trainingMs + t.evaluationMs + t.diagnosticsMs;
      expect(sum).toBeLessThanOrEqual(run.finishedAt! - run.startedAt! + 2);
    }
  });

  it('batches progress: with a long flush interval a whole run arrives in at most two batches', async () => {
    const { store, manager, batches } = setup({ progressIntervalMs: 1e9 });
    const id = fx!.createRun(backpropConfig(20));
    manager.enqueue(id);
    await manager.idle();
    expect(store.runs.get(id)!.status).toBe('completed');
    expect(batches.length).toBeLessThanOrEqual(2);
    expect(epochsOf(store.runs.readMetrics([id]), 'train.loss')).toEqual(range(20));
  });

  it('never runs more than the concurrency limit, starts in FIFO order, and applies a new limit at once', async () => {
    const { store, manager, updates } = setup({ concurrency: 1 });
    const ids = [1, 2, 3].map((seed) => fx!.createRun(backpropConfig(3), seed));
    for (const id of ids) manager.enqueue(id);
    // Starting is synchronous up to building the job, so the store shows the effect of a limit at once.
    expect(ids.map((id) => store.runs.get(id)!.status)).toEqual(['running', 'queued', 'queued']);
    await manager.idle();

    const running = new Set<number>();
    let most = 0;
    const started: number[] = [];
    for (const u of updates) {
      if (u.status === 'running' && !running.has(u.id)) {
        running.add(u.id);
        started.push(u.id);
      } else if (u.status !== 'running') running.delete(u.id);
      most = Math.max(most, running.size);
    }
    expect(most).toBe(1);
    expect(started).toEqual(ids);
    expect(ids.map((id) => store.runs.get(id)!.status)).toEqual(['completed', 'completed', 'completed']);

    const more = [4, 5, 6].map((seed) => fx!.createRun(backpropConfig(2), seed));
    for (const id of more) manager.enqueue(id);
    manager.setConcurrency(2);
    expect(more.map((id) => store.runs.get(id)!.status)).toEqual(['running', 'running', 'queued']);
  });

  it('cancels a queued run at once and a running run cooperatively, keeping its curve', async () => {
    const { store, manager, statuses, waitFor } = setup({ concurrency: 1 });
    const long = fx!.createRun(backpropConfig(100_000));
    const waiting = fx!.createRun(backpropConfig(3));
    manager.enqueue(long);
    manager.enqueue(waiting);
    await manager.cancel(waiting);
    expect(store.runs.get(waiting)!.status).toBe('cancelled');
    expect(statuses(waiting)).toEqual(['cancelled']);

    await waitFor(long, (r) => r.progress.epoch >= 2);
    await manager.cancel(long);
    const run = store.runs.get(long)!;
    expect(run.status).toBe('cancelled');
    expect(statuses(long)).toEqual(['running', 'cancelled']);
    // Stopped by itself (a killed engine leaves no summary), with every epoch it finished saved.
    const summary = run.summary as RunSummaryMetrics;
    expect(summary.epochs).toBeGreaterThanOrEqual(2);
    expect(summary.epochs).toBeLessThan(100_000);
    expect(epochsOf(store.runs.readMetrics([long]), 'train.loss')).toEqual(range(summary.epochs));
    expect(run.progress.epoch).toBe(summary.epochs);
    await manager.idle();
  });

  it('kills an engine that does not stop within killAfterMs, and the run is cancelled, not failed', async () => {
    // The pseudo-inverse of a 1,400 × 1,500 hidden layer takes far longer than 100 ms and polls for no cancel:
    // the cancel is sent once the engine says the solve has begun.
    const fork = forkEngineLauncher();
    let solving!: () => void;
    const solveBegun = new Promise<void>((resolve) => (solving = resolve));
    const exits: string[] = [];
    const launch = (o?: LaunchOptions) => {
      const engine = fork(o);
      engine.onMessage((m) => m.type === 'phase' && m.phase === 'solving the output weights' && solving());
      engine.onExit((reason) => exits.push(reason));
      return engine;
    };
    const { store, manager } = setup({ killAfterMs: 100, launch }, 2000);
    const id = fx!.createRun({ ...ELM_CONFIG, hiddenUnits: 1500, solver: 'pinv' });
    manager.enqueue(id);
    await solveBegun;
    await manager.cancel(id);
    const run = store.runs.get(id)!;
    expect([run.status, run.error, run.summary]).toEqual(['cancelled', null, null]);
    await manager.idle();
    expect(exits).toEqual(['engine process was killed (SIGKILL)']);
  });

  it('fails a run whose engine is killed (SIGKILL), keeps its metrics, and lets a parallel run complete', async () => {
    const pids: number[] = [];
    const fork = forkEngineLauncher();
    const launch = () => {
      const engine = fork();
      pids.push(engine.pid!);
      return engine;
    };
    const { store, manager, statuses, waitFor } = setup({ concurrency: 2, launch });
    const doomed = fx!.createRun(backpropConfig(100_000));
    const healthy = fx!.createRun(backpropConfig(300));
    // One at a time, so the first engine is the doomed run's, and both are training when it is killed.
    manager.enqueue(doomed);
    await waitFor(doomed, (r) => r.progress.epoch >= 2);
    manager.enqueue(healthy);
    await waitFor(healthy, (r) => r.progress.epoch >= 1);
    process.kill(pids[0], 'SIGKILL');
    await manager.idle();

    const run = store.runs.get(doomed)!;
    expect([run.status, run.error]).toEqual(['failed', 'engine process was killed (SIGKILL)']);
    expect(statuses(doomed)).toEqual(['running', 'failed']);
    const kept = epochsOf(store.runs.readMetrics([doomed]), 'train.loss');
    expect(kept.length).toBeGreaterThanOrEqual(2);
    expect(kept).toEqual(range(kept.length));
    expect(run.progress.epoch).toBe(kept.length);
    expect(store.runs.get(healthy)!.status).toBe('completed');
    expect(epochsOf(store.runs.readMetrics([healthy]), 'train.loss')).toEqual(range(300));
  });

  it('fails runs whose job cannot be built or which the engine rejects, with a clear message, and goes on', async () => {
    const { store, manager } = setup({
      concurrency: 1,
      buildJob: (run) => {
        if (run.seed === 13) throw new Error('column "species" no longer exists');
        return jobBuilder(fx!.store)(run);
      },
    });
    const unbuildable = fx!.createRun(backpropConfig(3), 13);
    // A stored config naming an optimizer this version lacks (the API would have refused it).
    const badOptimizer = fx!.createRun({ ...backpropConfig(3), optimizer: { id: 'nesterovish', params: {} } } as never);
    const fine = fx!.createRun(backpropConfig(2));
    for (const id of [unbuildable, badOptimizer, fine]) manager.enqueue(id);
    await manager.idle();
    expect(store.runs.get(unbuildable)).toMatchObject({ status: 'failed', error: 'column "species" no longer exists' });
    const rejected = store.runs.get(badOptimizer)!;
    expect(rejected.status).toBe('failed');
    expect(rejected.error).toMatch(/nesterovish/);
    expect(store.runs.get(fine)!.status).toBe('completed');
  });

  it('fails a run the engine breaks on as "the engine failed", not as a problem with its settings', async () => {
    const { store, manager } = setup({ concurrency: 1 });
    // Stored without a loss (JSON drops the undefined): it gets past the outer checks and breaks in the engine.
    const broken = fx!.createRun({ ...backpropConfig(3), loss: undefined as never });
    manager.enqueue(broken);
    await manager.idle();
    expect(store.runs.get(broken)).toMatchObject({ status: 'failed', error: expect.stringMatching(/^the engine failed: Cannot read properties/) });
  });

  it('marks runs left running or queued by an earlier session as interrupted, keeping their metrics', async () => {
    fx = runFixture();
    const running = fx.createRun(backpropConfig(10));
    const queued = fx.createRun(backpropConfig(10));
    const done = fx.createRun(backpropConfig(10));
    fx.store.runs.transition(running, 'running');
    fx.store.runs.appendMetrics(running, [{ epoch: 1, key: 'train.loss', value: 0.5, elapsedMs: 3 }], { epoch: 1, total: 10 });
    fx.store.runs.transition(done, 'running');
    fx.store.runs.transition(done, 'failed', 'boom');
    fx.store.close();

    const store = openStore({ file: fx.file });
    fx = { ...fx, store };
    manager = new RunManager({ store, launch: forkEngineLauncher(), buildJob: jobBuilder(store), concurrency: 1 });
    expect(manager.recoverAtStartup()).toBe(2);
    expect([running, queued, done].map((id) => store.runs.get(id)!.status)).toEqual(['interrupted', 'interrupted', 'failed']);
    expect(store.runs.readMetrics([running]).map((p) => [p.key, p.epoch, p.value])).toEqual([['train.loss', 1, 0.5]]);
    expect(store.runs.get(running)!.progress).toEqual({ epoch: 1, total: 10 });
  });

  it('interrupts queued and running runs on shutdown and refuses new work', async () => {
    const { store, manager, waitFor } = setup({ concurrency: 1 });
    const long = fx!.createRun(backpropConfig(100_000));
    const waiting = fx!.createRun(backpropConfig(3));
    manager.enqueue(long);
    manager.enqueue(waiting);
    await waitFor(long, (r) => r.progress.epoch >= 1);
    await manager.shutdown('the host was stopped');
    expect([long, waiting].map((id) => store.runs.get(id)!.status)).toEqual(['interrupted', 'interrupted']);
    expect([long, waiting].map((id) => store.runs.get(id)!.error)).toEqual(['the host was stopped', 'the host was stopped']);
    expect(epochsOf(store.runs.readMetrics([long]), 'train.loss').length).toBeGreaterThanOrEqual(1);
    expect(() => manager.enqueue(fx!.createRun(backpropConfig(1)))).toThrow(/shutting down/);
  });
});
