/**
 * `npx tsx bench/run-overhead.ts [--entry out/engine-host.js]`: what run orchestration costs around the
 * engine. (1) The user's wait in the browser host's backend (the API `npm run serve` serves, in this process,
 * with the engine built into out/serve/ and its warm spare): `runs.start` → first `run.metrics` event of a
 * backprop run on iris, and `runs.start` → `completed` of an ELM on iris; the same without the spare, and
 * with the engine's TypeScript source through tsx (how serve ran before), for the ratio. (2) Time from
 * `enqueue` to the first `run.metrics` event of a single run (process start, loading the engine, preparing
 * the data, the first epoch). (3) Metric rows persisted per second with four runs at once, and the time the
 * store spends per flush transaction.
 */
import { execSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { blobsTable } from '../src/engine/testing/synthetic-table';
import { createBackend } from '../src/main/api/backend';
import { makeTempDir } from '../src/main/db/test-kit';
import { configureKernels } from '../src/main/engine-host/configure-kernels';
import { type EngineLauncher, forkEngineLauncher } from '../src/main/runs/engine-process';
import { RunManager } from '../src/main/runs/run-manager';
import { backpropConfig, jobBuilder, runFixture } from '../src/main/runs/run-test-kit';
import { describeEpochOverhead, epochOverheadBench, type EpochOverheadFigures } from './epoch-overhead';
import { isMain } from './is-main';
import { median } from './measure';

const BUILT_ENGINE = path.resolve('out/serve/engine.js');

/** Builds the engine host as `npm run serve` runs it and returns its launcher. */
export function builtEngineLauncher(): EngineLauncher {
  execSync('npm run -s build:serve', { stdio: 'inherit' });
  return forkEngineLauncher({ entry: BUILT_ENGINE });
}
const IRIS_BACKPROP = {
  trainer: 'backprop', model: { layers: [{ type: 'dense', units: 64 }, { type: 'activation', activation: 'relu' }, { type: 'dense', units: 64 }, { type: 'activation', activation: 'relu' }] },
  optimizer: { id: 'adam', params: { lr: 0.01 } }, loss: { id: 'crossEntropy' }, batchSize: 32, epochs: 20,
};
const IRIS_ELM = { trainer: 'elm', hiddenUnits: 100, activation: 'sigmoid', solver: 'ridge', c: 100, init: 'uniform' };

interface WaitFigures {
  /** runs.start → first run.metrics event, backprop 64-64 on iris (ms, each repeat). */
  firstEpochMs: number[];
  /** runs.start → run.updated 'completed', ELM ridge L 100 on iris (ms, each repeat). */
  elmMs: number[];
}

/**
 * The backend as serve.ts starts it, on a fresh data dir with iris imported. Before each run the newest
 * engine process (the spare, when there is one) has said it is ready, as it has when a person clicks Train.
 */
async function userWait(launchBase: EngineLauncher, spare: boolean, repeat: number): Promise<WaitFigures> {
  const dir = makeTempDir();
  const readies: Promise<void>[] = [];
  const launch: EngineLauncher = (o) => {
    const engine = launchBase(o);
    readies.push(new Promise((resolve) => engine.onMessage((m) => m.type === 'ready' && resolve())));
    return engine;
  };
  const backend = createBackend({ dataDir: dir, samplesDir: path.resolve('resources/samples'), launch, warmSpare: spare, transport: 'http', version: 'bench' });
  const call = async (method: string, payload: unknown) => {
    const r = await backend.api.call(method as never, payload as never);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value as never;
  };
  const iris: { id: number } = await call('datasets.import', { source: { sampleId: 'iris' }, importId: 'bench' });
  const time = async (trainer: object, until: 'metrics' | 'completed') => {
    await readies.at(-1);
    let runId = -1;
    let reachedAt!: (ms: number) => void;
    const reached = new Promise<number>((resolve) => (reachedAt = resolve));
    const t0 = performance.now();
    const offs = [
      backend.api.on('run.metrics', (e) => {
        if (until === 'metrics' && e.runId === runId) reachedAt(performance.now() - t0);
      }),
      backend.api.on('run.updated', (r) => {
        if (until === 'completed' && r.id === runId && r.status === 'completed') reachedAt(performance.now() - t0);
      }),
    ];
    const [run]: { id: number }[] = await call('runs.start', { datasetId: iris.id, modelId: null, trainer, seeds: [1] });
    runId = run.id;
    const ms = await reached;
    for (const off of offs) off();
    await backend.runs.idle();
    return ms;
  };
  const figures: WaitFigures = { firstEpochMs: [], elmMs: [] };
  for (let i = 0; i < repeat; i++) {
    figures.firstEpochMs.push(await time(IRIS_BACKPROP, 'metrics'));
    figures.elmMs.push(await time(IRIS_ELM, 'completed'));
  }
  await backend.close();
  rmSync(dir, { recursive: true, force: true });
  return figures;
}

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
  /** The user's wait: built engine with its warm spare (as `npm run serve` runs), built without the spare, source through tsx. */
  userWait: { spare: WaitFigures; built: WaitFigures; source: WaitFigures };
  medianFirstEpochMs: number;
  medianElmMs: number;
  /** One epoch on small data, and its share outside the kernels (in this process, on its kernels). */
  epoch: EpochOverheadFigures;
  firstProgressMs: number[];
  medianFirstProgressMs: number;
  /** Four runs at once. */
  persistence: Awaited<ReturnType<typeof persistence>> & { rowsPerSec: number };
}

/** Start → first progress `repeat` times, then metric persistence with four concurrent runs. */
export async function runOverheadBench({ entry, repeat = 3 }: { entry?: string; repeat?: number } = {}): Promise<RunOverheadFigures> {
  const built = builtEngineLauncher();
  const userWaitFigures = {
    spare: await userWait(built, true, repeat),
    built: await userWait(built, false, repeat),
    source: await userWait(forkEngineLauncher(), false, repeat),
  };
  const epoch = await epochOverheadBench();
  const launch = forkEngineLauncher(entry ? { entry } : {});
  const starts: number[] = [];
  for (let i = 0; i < repeat; i++) starts.push(await firstProgress(launch));
  const p = await persistence(launch, 4, 3000);
  return {
    userWait: userWaitFigures, epoch, medianFirstEpochMs: median(userWaitFigures.spare.firstEpochMs), medianElmMs: median(userWaitFigures.spare.elmMs),
    firstProgressMs: starts, medianFirstProgressMs: median(starts), persistence: { ...p, rowsPerSec: p.rows / p.seconds },
  };
}

export function describeRunOverhead(f: RunOverheadFigures): string {
  const p = f.persistence;
  const w = (label: string, x: WaitFigures) =>
    `${label}: runs.start → first epoch event ${ms(x.firstEpochMs)}; ELM on iris runs.start → completed ${ms(x.elmMs)}\n`;
  return w('built engine + warm spare (npm run serve)', f.userWait.spare) + w('built engine, no spare', f.userWait.built) +
    w('engine source through tsx, no spare', f.userWait.source) + `${describeEpochOverhead(f.epoch)}\n` +
    `start → first progress event: median ${f.medianFirstProgressMs.toFixed(0)} ms (${f.firstProgressMs.map((s) => s.toFixed(0)).join(', ')} ms)\n` +
    `4 runs at once: ${p.stored} metric rows in ${p.seconds.toFixed(2)} s = ${p.rowsPerSec.toFixed(0)} rows/s; ` +
    `${p.flushes} flush transactions, ${p.storeMsPerFlush.toFixed(2)} ms each, ${p.flushesPerRunPerSec.toFixed(1)} per run per second`;
}

function ms(values: number[]): string {
  return `median ${median(values).toFixed(0)} ms (${values.map((v) => v.toFixed(0)).join(', ')})`;
}

if (isMain(import.meta.url)) {
  configureKernels();
  const { values } = parseArgs({ options: { entry: { type: 'string' }, repeat: { type: 'string', default: '3' } } });
  console.log(describeRunOverhead(await runOverheadBench({ entry: values.entry, repeat: Number(values.repeat) })));
}
