/**
 * `npx tsx bench/elm-wall.ts`: every second of an ELM run counted (issue 10). Through the real run manager and
 * engine processes (as bench/run-overhead.ts), one run per size L = 200, 1000, 2000 on letter_recognition
 * (20,000 × 16, 26 classes): wall time start → finish against training time + engine start-up, and the run's
 * recorded phases. The target: wall ≤ 1.25 × (training + start-up) at L = 2000.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { loadTrainingTable } from '../src/cli/load-table';
import type { PrepareOptions } from '../src/engine/data/prepare';
import type { ElmConfig } from '../src/engine/trainers/types';
import type { RunSummaryMetrics, RunTimings } from '../src/shared/api';
import { openStore } from '../src/main/db/open-store';
import { makeTempDir } from '../src/main/db/test-kit';
import { forkEngineLauncher } from '../src/main/runs/engine-process';
import { RunManager } from '../src/main/runs/run-manager';
import { jobBuilder } from '../src/main/runs/run-test-kit';
import { isMain } from './is-main';

const ELM_WALL_SIZES = [200, 1000, 2000];

export interface ElmWallFigures {
  hiddenUnits: number;
  wallMs: number;
  trainMs: number;
  timings: RunTimings;
  /** wall ÷ (training + start-up): 1 when nothing but those two takes time. */
  ratio: number;
  solverUsed: string;
  valAccuracy: number | null;
}

/** One ELM run per size, one after the other, on a fresh store holding letter_recognition. */
export async function elmWallBench({ entry }: { entry?: string } = {}): Promise<ElmWallFigures[]> {
  const { table, target, task } = await loadTrainingTable('resources/samples/letter_recognition.csv');
  const dir = makeTempDir();
  const store = openStore({ file: path.join(dir, 'workbench.sqlite') });
  try {
    const datasetId = store.datasets.insert({
      name: 'letter_recognition', table, task,
      columns: table.columns.map((c) => ({ inferredType: c.kind === 'numeric' ? 'numeric' : 'categorical', role: c.name === target ? 'target' : 'feature' })),
    });
    const data: PrepareOptions = {
      target, task, scaling: 'standard', oneHot: true, targetScaling: 'standard', split: { kind: 'ratio', train: 0.6, val: 0.1, test: 0.3 }, seed: 0,
    };
    const manager = new RunManager({ store, launch: forkEngineLauncher(entry ? { entry } : {}), buildJob: jobBuilder(store), concurrency: 1 });
    const out: ElmWallFigures[] = [];
    for (const hiddenUnits of ELM_WALL_SIZES) {
      const trainerConfig: ElmConfig = { trainer: 'elm', hiddenUnits, activation: 'sigmoid', solver: 'ridge', c: 1000, init: 'uniform' };
      const id = store.runs.create({ name: `elm ${hiddenUnits}`, datasetId, trainerConfig, preprocessing: data, seed: 0, modelSpec: null }).id;
      manager.enqueue(id);
      await manager.idle();
      const run = store.runs.get(id)!;
      if (run.status !== 'completed') throw new Error(`ELM ${hiddenUnits}: ${run.status} ${run.error ?? ''}`);
      const summary = run.summary as RunSummaryMetrics;
      const timings = summary.timings!;
      const wallMs = run.finishedAt! - run.startedAt!;
      out.push({
        hiddenUnits, wallMs, trainMs: run.trainMs!, timings, ratio: wallMs / (run.trainMs! + timings.startUpMs),
        solverUsed: summary.elm?.solverUsed ?? '?', valAccuracy: summary.val?.accuracy ?? null,
      });
    }
    await manager.shutdown();
    return out;
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function elmWallTable(rows: ElmWallFigures[]): string {
  const s = (ms: number | undefined) => ((ms ?? 0) / 1000).toFixed(2);
  const header = ['ELM on letter_recognition', 'wall s (start → finish)', 'training s', 'start-up s', 'wall ÷ (training + start-up)',
    'data s', 'evaluation s', 'diagnostics s', 'saving s', 'solver', 'val accuracy'];
  const body = rows.map((r) => [
    `L = ${r.hiddenUnits}`, s(r.wallMs), s(r.trainMs), s(r.timings.startUpMs), r.ratio.toFixed(2), s(r.timings.dataMs), s(r.timings.evaluationMs),
    s(r.timings.diagnosticsMs), s(r.timings.savingMs), r.solverUsed, r.valAccuracy === null ? '—' : `${(100 * r.valAccuracy).toFixed(1)} %`,
  ]);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...body.map(line)].join('\n') +
    '\n\n- Through the run manager and an engine process per run (sigmoid, ridge C = 1000, split 60/10/30); target: wall ÷ (training + start-up) ≤ 1.25 at L = 2000.';
}

if (isMain(import.meta.url)) {
  const rows = await elmWallBench();
  console.log(elmWallTable(rows));
  console.log(JSON.stringify(rows, null, 2));
}
