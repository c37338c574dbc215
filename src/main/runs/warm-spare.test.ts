import path from 'node:path';
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createBackend } from '../api/backend';
import { makeTempDir } from '../db/test-kit';
import { forkEngineLauncher, type EngineLauncher, type EngineProcess } from './engine-process';
import { RunManager, threadsPerRun } from './run-manager';
import type { RunStatus } from '../../shared/run-status';
import { backpropConfig, jobBuilder, runFixture } from './run-test-kit';
import { warmSpare } from './warm-spare';

/** Real engine processes, each one started kept in `started` with a promise of its `ready` and of its exit. */
function recordingLauncher() {
  const started: { engine: EngineProcess; ready: Promise<void>; exited: Promise<string> }[] = [];
  const base = forkEngineLauncher();
  const launch: EngineLauncher = (options) => {
    const engine = base(options);
    const ready = new Promise<void>((resolve) => engine.onMessage((m) => m.type === 'ready' && resolve()));
    started.push({ engine, ready, exited: new Promise((resolve) => engine.onExit(resolve)) });
    return engine;
  };
  return { started, launch };
}

const THREADS = threadsPerRun(1);

/** One backprop run through a RunManager on `launch`; the pids of the engines it was given, and its final state. */
async function oneRun(launch: EngineLauncher) {
  const fx = runFixture(90);
  const pids: (number | undefined)[] = [];
  const manager = new RunManager({
    store: fx.store, buildJob: jobBuilder(fx.store), concurrency: 1,
    launch: (o) => {
      const engine = launch(o);
      pids.push(engine.pid);
      return engine;
    },
  });
  const id = fx.createRun(backpropConfig(3));
  manager.enqueue(id);
  await manager.idle();
  const run = fx.store.runs.get(id)!;
  const epochs = new Set(fx.store.runs.readMetrics([id]).map((p) => p.epoch)).size;
  fx.dispose();
  return { pids, status: run.status, error: run.error, epochs };
}

function alive(pid: number | undefined): boolean {
  try {
    process.kill(pid!, 0);
    return true;
  } catch {
    return false;
  }
}

describe('warm spare engine', () => {
  it('is started at once, a run uses it after its ready, and the next spare starts when it is taken', async () => {
    const { started, launch } = recordingLauncher();
    const spare = warmSpare(launch, { threads: THREADS });
    expect(started).toHaveLength(1);
    await started[0].ready;

    const run = await oneRun(spare.launch);
    expect(run).toMatchObject({ status: 'completed', error: null });
    expect(run.epochs).toBe(3);
    expect(run.pids).toEqual([started[0].engine.pid]);
    expect(started).toHaveLength(2);
    await spare.close();
    await Promise.all(started.map((s) => s.exited));
    expect(started.map((s) => alive(s.engine.pid))).toEqual([false, false]);
  });

  it('launches its own process for other thread counts, and keeps a spare for those', async () => {
    const { started, launch } = recordingLauncher();
    const spare = warmSpare(launch, { threads: THREADS + 1 });
    await started[0].ready;
    const run = await oneRun(spare.launch);
    expect(run.status).toBe('completed');
    expect(run.pids).toEqual([started[1].engine.pid]);
    expect(await started[0].exited).toMatch(/killed/);
    expect(started).toHaveLength(3);
    await spare.close();
  });

  it('replaces a spare that died, and the next run completes on the replacement', async () => {
    const { started, launch } = recordingLauncher();
    const spare = warmSpare(launch, { threads: THREADS });
    await started[0].ready;
    started[0].engine.kill();
    expect(await started[0].exited).toBe('engine process was killed (SIGKILL)');
    expect(started).toHaveLength(2);
    await started[1].ready;

    const run = await oneRun(spare.launch);
    expect(run).toMatchObject({ status: 'completed', error: null });
    expect(run.pids).toEqual([started[1].engine.pid]);
    await spare.close();
  });

  it('every run handed a spare ends, whatever happened to the process before it (cancelled, killed, a dead spare)', async () => {
    const { started, launch } = recordingLauncher();
    const spare = warmSpare(launch, { threads: THREADS });
    const fx = runFixture(90);
    const manager = new RunManager({ store: fx.store, buildJob: jobBuilder(fx.store), concurrency: 1, launch: spare.launch });
    const progressed = (id: number) => new Promise<void>((resolve) => {
      const off = manager.on('run.updated', (r) => {
        if (r.id === id && r.progress.epoch >= 2) {
          off();
          resolve();
        }
      });
    });
    const run = async (epochs: number, meanwhile?: (id: number) => Promise<void>) => {
      const id = fx.createRun(backpropConfig(epochs));
      const going = progressed(id);
      manager.enqueue(id);
      if (meanwhile) {
        await going;
        await meanwhile(id);
      }
      await manager.idle();
      return fx.store.runs.get(id)!.status;
    };
    const engineOf = () => started[started.length - 2].engine;
    const ends: RunStatus[] = [];
    ends.push(await run(100_000, (id) => manager.cancel(id)), await run(3));
    ends.push(await run(100_000, async () => engineOf().kill()), await run(3));
    // The spare waiting now dies before anyone takes it; the next run gets its replacement.
    const waiting = started[started.length - 1];
    waiting.engine.kill();
    await waiting.exited;
    ends.push(await run(3));
    expect(ends).toEqual(['cancelled', 'completed', 'failed', 'completed', 'completed']);
    await manager.shutdown();
    fx.dispose();
    await spare.close();
    await Promise.all(started.map((s) => s.exited));
  });

  it('does not restart a spare that never came up (a broken entry)', async () => {
    const broken = forkEngineLauncher({ entry: path.join(import.meta.dirname, 'no-such-engine.js') });
    let launches = 0;
    const spare = warmSpare((o) => {
      launches += 1;
      return broken(o);
    }, { threads: THREADS });
    await spare.close();
    expect(launches).toBe(1);
  });

  it('the backend with a spare leaves no engine process behind when it closes', async () => {
    const dir = makeTempDir();
    const { started, launch } = recordingLauncher();
    const backend = createBackend({ dataDir: dir, samplesDir: path.resolve('resources/samples'), launch, warmSpare: true, transport: 'http', version: 'test' });
    expect(started).toHaveLength(1);
    await started[0].ready;
    const kernels = await backend.api.call('app.info', {});
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
    expect(started.map((s) => alive(s.engine.pid))).toEqual([false]);
    // The spare's ready message already told the backend which kernels the engines use.
    expect(kernels).toMatchObject({ ok: true, value: { kernels: expect.stringMatching(/^wasm-/) } });
  });
});
