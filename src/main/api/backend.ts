import { openStore, type Store } from '../db/open-store';
import { RunManager, threadsPerRun } from '../runs/run-manager';
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
  /** Stops the engines (their runs become interrupted) and the spare, and closes the store. */
  close(): Promise<void>;
}

/** Store + run queue + API over one data directory: what both hosts (browser and Electron) start. */
export function createBackend(options: BackendOptions): Backend {
  const store = openStore({ dir: options.dataDir });
  const tables = new TableCache(store);
  const files = new FileRegistry();
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
  const runs = new RunManager({
    store, launch: (o) => (spare?.launch ?? reportingKernels)(o), buildJob: jobBuilder(tables), concurrency,
    ...(options.progressIntervalMs !== undefined ? { progressIntervalMs: options.progressIntervalMs } : {}),
  });
  const recovered = runs.recoverAtStartup();
  const api = createApi({ ...options, store, runs, files, tables, kernels: () => kernels });
  // Started last, so nothing that throws above leaves a process behind.
  if (options.warmSpare) spare = warmSpare(reportingKernels, { threads: threadsPerRun(concurrency) });
  let closing: Promise<void> | null = null;
  return {
    api, store, runs, files, recovered,
    close: () => (closing ??= runs.shutdown().finally(() => spare?.close()).finally(() => store.close())),
  };
}
