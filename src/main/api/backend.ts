import path from 'node:path';
import { lockDataDir, type DataDirLock } from '../db/data-dir-lock';
import { openStore, type Store } from '../db/open-store';
import { RunManager, threadsPerRun } from '../runs/run-manager';
import { TuneJobs } from '../runs/tune-jobs';
import { warmSpare, type WarmSpare } from '../runs/warm-spare';
import type { EngineLauncher } from '../runs/engine-process';
import type { ApiDeps } from './api-context';
import { createApi, type Api } from './create-api';
import { jobBuilder } from './dataset-recipe';
import { FileRegistry } from './file-registry';
import { savedConcurrency } from './settings-api';
import { TableCache } from './table-cache';

export interface BackendOptions extends Pick<ApiDeps, 'samplesDir' | 'dataDir' | 'transport' | 'version' | 'openCsvDialog' | 'csvWorkerUrl'> {
  launch: EngineLauncher;
  /** Keep one engine process started ahead of the next run (killed at close). */
  warmSpare?: boolean;
  /** Passed to the RunManager (tests use small values). */
  progressIntervalMs?: number;
}

export interface Backend {
  readonly api: Api;
  readonly store: Store;
  readonly runs: RunManager;
  readonly files: FileRegistry;
  /** Runs left queued or running by a previous session that were marked interrupted at start-up. */
  readonly recovered: number;
  /** What a second backend trying this data folder is told about this one (the browser host's address). */
  describeOwner: DataDirLock['describe'];
  /** Stops the engines (their runs become interrupted, with `reason` as their error text) and the spare, and closes the store. */
  close(reason?: string): Promise<void>;
}

/**
 * Store + run queue + API over one data directory: what both hosts (browser and Electron) start. The directory
 * is locked first (a second backend refuses with DATA_DIR_IN_USE), so everything in it is this backend's.
 */
export function createBackend(options: BackendOptions): Backend {
  const lock = lockDataDir(options.dataDir, options.transport === 'ipc' ? 'desktop app' : 'browser host');
  let store: Store;
  try {
    store = openStore({ dir: options.dataDir });
  } catch (e) {
    lock.release();
    throw e;
  }
  // A dataset an import was still writing when the app stopped is hidden; nothing can finish it, so it goes.
  if (!store.damage()) store.datasets.removeIncomplete();
  const tables = new TableCache(store);
  // Uploads go to <data dir>/uploads; what an earlier session left there is no one's any more.
  const files = new FileRegistry(path.join(options.dataDir, 'uploads'));
  files.removeLeftovers();
  // The kernels an engine picked (WebAssembly SIMD or the JS reference), as the last engine reported them.
  let kernels = 'not known yet (no engine has started)';
  const reportingKernels: EngineLauncher = (launchOptions) => {
    const engine = options.launch(launchOptions);
    engine.onMessage((m) => {
      if (m.type === 'ready') kernels = m.kernels;
    });
    return engine;
  };
  const concurrency = savedConcurrency(store);
  let spare: WarmSpare | null = null;
  // Runs and tuning jobs take the warm spare engine when there is one.
  const launch: EngineLauncher = (o) => (spare?.launch ?? reportingKernels)(o);
  const runs = new RunManager({
    store, launch, buildJob: jobBuilder(tables), concurrency,
    ...(options.progressIntervalMs !== undefined ? { progressIntervalMs: options.progressIntervalMs } : {}),
  });
  // A damaged file is only read: its runs stay as they are.
  const recovered = store.damage() ? 0 : runs.recoverAtStartup();
  const tuning = new TuneJobs({ launch });
  const api = createApi({ ...options, store, runs, tuning, files, tables, kernels: () => kernels });
  // Started last, so nothing that throws above leaves a process behind.
  if (options.warmSpare) spare = warmSpare(reportingKernels, { threads: threadsPerRun(concurrency) });
  let closing: Promise<void> | null = null;
  return {
    api, store, runs, files, recovered,
    describeOwner: (extra) => lock.describe(extra),
    close: (reason) => {
      tuning.shutdown();
      return (closing ??= runs.shutdown(reason).finally(() => spare?.close()).finally(() => {
        store.close();
        lock.release();
      }));
    },
  };
}
