/**
 * `npx tsx bench/run-overhead.ts [--entry out/engine-host.js]`: what run orchestration costs around the
 * engine. (1) Time from `enqueue` to the first `run.metrics` event of a single run (process start,
 * loading the engine, preparing the data, the first epoch). (2) Metric rows persisted per second with
 * four runs at once, and the time the store spends per flush transaction.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { blobsTable } from '../src/engine/testing/synthetic-table';
import { type EngineLauncher, forkEngineLauncher } from '../src/main/runs/engine-process';
import { RunManager } from '../src/main/runs/run-manager';
import { backpropConfig, jobBuilder, runFixture } from '../src/main/runs/run-test-kit';
import { isMain } from './is-main';
import { median } from './measure';

async function firstProgress(launch: EngineLauncher): Promise<number> {
  const fx = runFixture(150);
  const manager = new RunManager({ store: fx.store, launch, buildJob: jobBuilder(fx.store), concurrency: 1 });
  const id = fx.createRun(backpropConfig(3));
  const t0 = performance.now();
  const first = new Promise<number>((resolve) => {
    const off = manager.on('run.metrics', () => {
      off();
      resolve(performance.now() - t0);
    });
  });
  manager.enqueue(id);
  const ms = await first;
  await manager.idle();
  fx.dispose();
  return ms;
}

async function persistence(launch: EngineLauncher, runs: number, epochs: number) {
  // A tiny table and one batch per epoch: epochs come as fast as the engine can make them.
  const fx = runFixture(60, blobsTable(60, 5));
  const repo = fx.store.runs;
  const append = repo.appendMetrics.bind(repo);
  let flushes = 0;
  let storeMs = 0;
  repo.appendMetrics = (...args) => {
    const t = performance.now();
    append(...args);
    storeMs += performance.now() - t;
    flushes++;
  };
  const manager = new RunManager({ store: fx.store, launch, buildJob: jobBuilder(fx.store), concurrency: runs });
  const ids = Array.from({ length: runs }, (_, i) => fx.createRun(backpropConfig(epochs, { batchSize: 64 }), i));
  let rows = 0;
  let firstAt = 0;
  let lastAt = 0;
  manager.on('run.metrics', (e) => {
    lastAt = performance.now();
    if (rows === 0) firstAt = lastAt;
    rows += e.points.length;
  });
  for (const id of ids) manager.enqueue(id);
  await manager.idle();
  const stored = repo.readMetrics(ids).length;
  const failed = ids.filter((id) => repo.get(id)!.status !== 'completed');
  fx.dispose();
  if (failed.length) throw new Error(`runs ${failed.join(', ')} did not complete`);
  const seconds = (lastAt - firstAt) / 1000;
  return { stored, rows, seconds, flushes, storeMsPerFlush: storeMs / flushes, flushesPerRunPerSec: flushes / runs / seconds };
}

export interface RunOverheadFigures {
  firstProgressMs: number[];
  medianFirstProgressMs: number;
  /** Four runs at once. */
  persistence: Awaited<ReturnType<typeof persistence>> & { rowsPerSec: number };
}

/** Start → first progress `repeat` times, then metric persistence with four concurrent runs. */
export async function runOverheadBench({ entry, repeat = 3 }: { entry?: string; repeat?: number } = {}): Promise<RunOverheadFigures> {
  const launch = forkEngineLauncher(entry ? { entry } : {});
  const starts: number[] = [];
  for (let i = 0; i < repeat; i++) starts.push(await firstProgress(launch));
  const p = await persistence(launch, 4, 3000);
  return { firstProgressMs: starts, medianFirstProgressMs: median(starts), persistence: { ...p, rowsPerSec: p.rows / p.seconds } };
}

export function describeRunOverhead(f: RunOverheadFigures): string {
  const p = f.persistence;
  return `start → first progress event: median ${f.medianFirstProgressMs.toFixed(0)} ms (${f.firstProgressMs.map((s) => s.toFixed(0)).join(', ')} ms)\n` +
    `4 runs at once: ${p.stored} metric rows in ${p.seconds.toFixed(2)} s = ${p.rowsPerSec.toFixed(0)} rows/s; ` +
    `${p.flushes} flush transactions, ${p.storeMsPerFlush.toFixed(2)} ms each, ${p.flushesPerRunPerSec.toFixed(1)} per run per second`;
}

if (isMain(import.meta.url)) {
  const { values } = parseArgs({ options: { entry: { type: 'string' }, repeat: { type: 'string', default: '3' } } });
  console.log(describeRunOverhead(await runOverheadBench({ entry: values.entry, repeat: Number(values.repeat) })));
}
