import { rmSync } from 'node:fs';
import path from 'node:path';
import { resolveTrainerConfig } from '../../engine/catalog/trainer-config';
import type { PrepareOptions } from '../../engine/data/prepare';
import type { Table } from '../../engine/data/table';
import { blobsTable } from '../../engine/testing/synthetic-table';
import type { TrainingJob } from '../../engine/trainers/train';
import type { BackpropConfig, ElmConfig, TrainerConfig } from '../../engine/trainers/types';
import { openStore, type Store } from '../db/open-store';
import type { RunRecord } from '../db/runs-repo';
import { makeTempDir } from '../db/test-kit';
import { startWorker } from '../start-worker';
import { ENGINE_HOST_SOURCE, engineEnv, engineEvents, exitReason, type EngineLauncher } from './engine-process';

/**
 * Fixtures shared by the run manager's tests and benchmark: a real store in a temp dir holding a
 * three-class table, and runs whose `preprocessing` is the engine's data options.
 */
export const DATA_OPTIONS: PrepareOptions = {
  target: 'species', task: 'classification', scaling: 'standard', oneHot: true, targetScaling: 'standard',
  split: { kind: 'ratio', train: 0.7, val: 0.15, test: 0.15 }, seed: 0,
};

/** A resolved backprop config (the catalog fills in the rest); `overrides` are raw settings as the API takes them. */
export function backpropConfig(epochs: number, overrides: Record<string, unknown> = {}): BackpropConfig {
  return resolveTrainerConfig({
    trainer: 'backprop',
    model: { layers: [{ type: 'dense', units: 8 }, { type: 'activation', activation: 'relu' }] },
    optimizer: { id: 'adam', params: { lr: 0.01 } },
    loss: { id: 'crossEntropy' },
    batchSize: 16,
    epochs,
    ...overrides,
  }, 'classification', null);
}

export const ELM_CONFIG: ElmConfig = {
  trainer: 'elm', hiddenUnits: 50, activation: 'sigmoid', solver: 'ridge', c: 1000, init: 'uniform',
};

export interface RunFixture {
  dir: string;
  file: string;
  store: Store;
  datasetId: number;
  createRun(trainerConfig: TrainerConfig, seed?: number): number;
  dispose(): void;
}

export function runFixture(rows = 150, table: Table = blobsTable(rows, 7)): RunFixture {
  const dir = makeTempDir();
  const file = path.join(dir, 'workbench.sqlite');
  const store = openStore({ file });
  const datasetId = store.datasets.insert({
    name: 'blobs',
    table,
    columns: table.columns.map((c) => ({
      inferredType: c.kind === 'numeric' ? 'numeric' : 'categorical',
      role: c.name === DATA_OPTIONS.target ? 'target' : 'feature',
    })),
    task: 'classification',
  });
  return {
    dir, file, store, datasetId,
    createRun: (trainerConfig, seed = 0) => store.runs.create({
      name: `${trainerConfig.trainer} ${seed}`, datasetId, trainerConfig, preprocessing: DATA_OPTIONS, seed,
      modelSpec: trainerConfig.trainer === 'backprop' ? trainerConfig.model : null,
    }).id,
    dispose: () => {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What the API layer does: the stored table plus the run's recipe. */
export function jobBuilder(store: Store): (run: RunRecord) => TrainingJob {
  return (run) => ({
    table: store.datasets.loadTable(run.datasetId),
    data: run.preprocessing as PrepareOptions,
    trainer: run.trainerConfig,
    seed: run.seed,
  });
}

/**
 * The engine host in a worker thread of this process, for the tests of its worker_threads port (the app starts
 * engines as processes: a crash of native code in a worker would take the host with it). No pid.
 */
export function workerEngineLauncher(): EngineLauncher {
  return (launch) => {
    const worker = startWorker(ENGINE_HOST_SOURCE, { env: engineEnv(launch) });
    const events = engineEvents();
    let killed = false;
    let crash: string | null = null;
    worker.on('message', events.message);
    worker.on('error', (e) => {
      crash = `engine process crashed: ${e.message}`;
    });
    worker.on('exit', (code) => events.exit(killed ? 'engine process was killed (terminated)' : crash ?? exitReason(code, null)));
    return {
      send: (request) => worker.postMessage(request),
      onMessage: events.onMessage,
      onExit: events.onExit,
      kill: () => {
        killed = true;
        void worker.terminate();
      },
      pid: undefined,
    };
  };
}
