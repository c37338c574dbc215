/**
 * `npx tsx bench/run-overhead.ts [--entry out/engine-host.js]`: what run orchestration costs around the
 * engine. (1) Time from `enqueue` to the first `run.metrics` event of a single run (process start,
 * loading the engine, preparing the data, the first epoch). (2) Metric rows persisted per second with
 * four runs at once, and the time the store spends per flush transaction.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { blobsTable } from '../src/engine/testing/synthetic-table';
import { forkEngineLauncher } from '../src/main/runs/engine-process';
import { RunManager } from '../src/main/runs/run-manager';
import { backpropConfig, jobBuilder, runFixture } from '../src/main/runs/run-test-kit';

const { values } = parseArgs({ options: { entry: { type: 'string' }, repeat: { type: 'string', default: '3' } } });
const launch = forkEngineLauncher(values.entry ? { entry: values.entry } : {});

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function firstProgress(): Promise<number> {
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

async function persistence(runs: number, epochs: number) {
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

const starts: number[] = [];
for (let i = 0; i < Number(values.repeat); i++) starts.push(await firstProgress());
console.log(`start → first progress event: median ${median(starts).toFixed(0)} ms (${starts.map((s) => s.toFixed(0)).join(', ')} ms)`);

const p = await persistence(4, 3000);
console.log(
  `4 runs at once: ${p.stored} metric rows in ${p.seconds.toFixed(2)} s = ${(p.rows / p.seconds).toFixed(0)} rows/s; ` +
    `${p.flushes} flush transactions, ${p.storeMsPerFlush.toFixed(2)} ms each, ${p.flushesPerRunPerSec.toFixed(1)} per run per second`,
);
