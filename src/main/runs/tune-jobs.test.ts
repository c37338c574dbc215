import { describe, expect, it } from 'vitest';
import { prepareSplits } from '../../engine/data/prepare';
import { blobsTable } from '../../engine/testing/synthetic-table';
import { lrRangeTest } from '../../engine/trainers/backprop/lr-range-test';
import type { TuneOutcome } from '../../engine/trainers/tune-job';
import type { Result } from '../../shared/result';
import { forkEngineLauncher, type EngineLauncher, type EngineProcess } from './engine-process';
import { backpropConfig, DATA_OPTIONS, ELM_CONFIG } from './run-test-kit';
import { TuneJobs } from './tune-jobs';

const table = blobsTable(300, 5);
const job = (trainer: ReturnType<typeof backpropConfig> | typeof ELM_CONFIG) => ({ table, data: DATA_OPTIONS, trainer, seed: 3 });

/** The fork launcher, remembering every engine it started (to kill one from outside, as a crash would). */
function watchedLauncher(): { launch: EngineLauncher; engines: EngineProcess[] } {
  const engines: EngineProcess[] = [];
  const fork = forkEngineLauncher();
  return { engines, launch: (o) => { const e = fork(o); engines.push(e); return e; } };
}

const value = (r: Result<TuneOutcome>): TuneOutcome => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

describe('TuneJobs (real engine processes)', () => {
  it('runs the learning-rate range test in an engine process: the same curve as in this process, with progress', async () => {
    const jobs = new TuneJobs({ launch: forkEngineLauncher() });
    const progress: number[] = [];
    const config = backpropConfig(5, { optimizer: { id: 'sgd', params: { lr: 0.01, momentum: 0 } } });
    const outcome = value(await jobs.run('a', 'lrRange', job(config), (f) => progress.push(f)));
    expect(outcome.kind).toBe('lrRange');
    const remote = (outcome as Extract<TuneOutcome, { kind: 'lrRange' }>).result!;
    const local = await lrRangeTest(prepareSplits(table, DATA_OPTIONS).splits, config, 3);
    // Same data path, seed and schedule of rates: the same rates tried, and the same suggestion.
    expect(remote.points.map((p) => p.lr)).toEqual(local.points.map((p) => p.lr));
    expect(remote.points[0].lr).toBeCloseTo(1e-7, 12);
    remote.points.forEach((p, i) => expect(p.smoothed).toBeCloseTo(local.points[i].smoothed, 4));
    expect(remote.suggestion).not.toBeNull();
    expect(remote.suggestion).toBe(local.suggestion);
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.every((f, i) => f > 0 && f <= 1 && (i === 0 || f > progress[i - 1]))).toBe(true);
    expect(jobs.isRunning('a')).toBe(false);
  });

  it('runs the ELM selection curve: every hidden-unit count × C, the choice the lowest leave-one-out error', async () => {
    const jobs = new TuneJobs({ launch: forkEngineLauncher() });
    const outcome = value(await jobs.run('e', 'elmTune', job({ ...ELM_CONFIG, hiddenUnits: 64 }), () => undefined));
    const selection = (outcome as Extract<TuneOutcome, { kind: 'elmTune' }>).selection!;
    expect(selection.points).toHaveLength(new Set(selection.points.map((p) => p.hiddenUnits)).size * 10);
    expect(Math.max(...selection.points.map((p) => p.hiddenUnits))).toBe(64);
    const lowest = Math.min(...selection.points.map((p) => p.loo));
    expect(selection.points.find((p) => p.hiddenUnits === selection.hiddenUnits && p.c === selection.c)!.loo).toBe(lowest);
    expect(selection.valMetric).toBe('accuracy');
  });

  it('answers a setting the engine refuses with its code, not as a crash', async () => {
    const jobs = new TuneJobs({ launch: forkEngineLauncher() });
    const r = await jobs.run('x', 'elmTune', job({ ...ELM_CONFIG, solver: 'pinv' }), () => undefined);
    expect(r).toEqual({ ok: false, error: { code: 'INVALID_CONFIG', message: 'choosing C needs the ridge solver', details: { field: 'solver' } } });
  });

  it('cancels a running job: CANCELLED, and its engine process ends', async () => {
    const { launch, engines } = watchedLauncher();
    const jobs = new TuneJobs({ launch });
    // Single-row batches over many rows: each step is quick, but the engine yields between them.
    const pending = jobs.run('c', 'lrRange', { ...job(backpropConfig(1, { batchSize: 1 })), table: blobsTable(30_000, 2) }, () => {
      expect(jobs.cancel('c')).toBe(true);
    });
    const r = await pending;
    expect(r).toEqual({ ok: false, error: { code: 'CANCELLED', message: 'the learning-rate range test was cancelled' } });
    await new Promise<void>((resolve) => engines[0].onExit(() => resolve()));
    expect(jobs.cancel('c')).toBe(false);
  });

  it('reports an engine that dies mid-job as ENGINE_FAILED saying how it ended', async () => {
    const { launch, engines } = watchedLauncher();
    const jobs = new TuneJobs({ launch });
    let killed = false;
    const r = await jobs.run('k', 'elmTune', job({ ...ELM_CONFIG, hiddenUnits: 200 }), () => {
      if (!killed) engines[0].kill();
      killed = true;
    });
    expect(r).toEqual({ ok: false, error: { code: 'ENGINE_FAILED', message: 'choosing hidden units and C stopped: engine process was killed (SIGKILL)' } });
    expect(jobs.isRunning('k')).toBe(false);
  });

  it('refuses new jobs once shut down, and ends the running ones as cancelled', async () => {
    const jobs = new TuneJobs({ launch: forkEngineLauncher() });
    const running = jobs.run('s', 'lrRange', { ...job(backpropConfig(1, { batchSize: 1 })), table: blobsTable(30_000, 2) }, () => undefined);
    jobs.shutdown();
    expect(await running).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(await jobs.run('t', 'lrRange', job(backpropConfig(1)), () => undefined)).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
  });
});
