/**
 * `npx tsx bench/studies-sweep.ts [--source]`: a 36-run sweep on iris through the app's own path (studies.create →
 * the run queue at its default concurrency → one engine process per run → SQLite), its wall time from the call to
 * the last run's end, and runs per second. The engine runs as `npm run serve` runs it (built, with its warm spare);
 * `--source` runs its TypeScript through tsx without a spare, as the tests do. 12 points (lr 1e-3…1e-1 log × 3, batch size 16,
 * 64, units per hidden layer 16, 64) × 3 seeds, 30 epochs each, no early stopping.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createBackend } from '../src/main/api/backend';
import { forkEngineLauncher } from '../src/main/runs/engine-process';
import { defaultConcurrency } from '../src/main/runs/run-manager';
import type { ApiResponses } from '../src/shared/api';
import { isMain } from './is-main';
import { builtEngineLauncher } from './run-overhead';
import type { StudyBench } from './studies';

interface SweepFigures {
  engine: 'built, warm spare' | 'source through tsx';
  runs: number;
  concurrency: number;
  wallSec: number;
  runsPerSec: number;
  /** Sum of the runs' own training times: the rest of the wall time is process start, data preparation, storing. */
  trainSec: number;
  completed: number;
  bestPoint: Record<string, number | string> | null;
  bestVal: number | null;
}

async function irisSweep(source: boolean): Promise<SweepFigures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'nwb-bench-sweep-'));
  const backend = createBackend({
    dataDir: dir, samplesDir: path.resolve('resources/samples'), launch: source ? forkEngineLauncher() : builtEngineLauncher(),
    warmSpare: !source, transport: 'ipc', version: 'bench',
  });
  try {
    const call = async <T>(method: string, request: unknown): Promise<T> => {
      const r = await backend.api.call(method, request);
      if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
      return r.value as T;
    };
    const iris = await call<ApiResponses['datasets.import']>('datasets.import', { source: { sampleId: 'iris' }, importId: 'iris' });
    const t0 = performance.now();
    const study = await call<ApiResponses['studies.create']>('studies.create', {
      datasetId: iris.id, modelId: null, seeds: [0, 1, 2], sample: { kind: 'grid' },
      trainer: {
        trainer: 'backprop', model: { layers: [{ type: 'dense', units: 64 }, { type: 'activation', activation: 'relu' }] },
        optimizer: { id: 'adam' }, loss: { id: 'crossEntropy' }, epochs: 30,
      },
      axes: [
        { setting: 'lr', range: { start: 1e-3, end: 1e-1, scale: 'log', count: 3 } },
        { setting: 'batch-size', values: [16, 64] },
        { setting: 'width', values: [16, 64] },
      ],
    });
    await backend.runs.idle();
    const wallSec = (performance.now() - t0) / 1000;
    const done = await call<ApiResponses['studies.get']>('studies.get', { id: study.id });
    const ranked = done.runs.filter((r) => r.best).sort((a, b) => b.best!.value - a.best!.value);
    return {
      engine: source ? 'source through tsx' : 'built, warm spare',
      runs: done.runs.length, concurrency: defaultConcurrency(), wallSec, runsPerSec: done.runs.length / wallSec,
      trainSec: done.runs.reduce((s, r) => s + (r.run.trainMs ?? 0), 0) / 1000,
      completed: done.runs.filter((r) => r.run.status === 'completed').length,
      bestPoint: ranked[0]?.point ?? null, bestVal: ranked[0]?.best?.value ?? null,
    };
  } finally {
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function describe(f: SweepFigures): string {
  return `engine ${f.engine}: ${f.runs} runs (${f.completed} completed) at concurrency ${f.concurrency}: ${f.wallSec.toFixed(1)} s wall, ` +
    `${f.runsPerSec.toFixed(2)} runs/s; training itself ${f.trainSec.toFixed(1)} s; best validation accuracy ` +
    `${f.bestVal === null ? '—' : (f.bestVal * 100).toFixed(1)} % at ${JSON.stringify(f.bestPoint)}`;
}

export const irisSweepBench: StudyBench = {
  id: 'irisSweep',
  title: '36-run sweep on iris (studies.create → run queue)',
  async run() {
    const built = await irisSweep(false);
    const source = await irisSweep(true);
    return { figures: { ...built, source }, text: `${describe(built)}\n  ${describe(source)}` };
  },
};

if (isMain(import.meta.url)) {
  const { values } = parseArgs({ options: { source: { type: 'boolean', default: false } } });
  console.log(describe(await irisSweep(values.source)));
}
