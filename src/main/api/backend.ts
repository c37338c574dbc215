import { openStore, type Store } from '../db/open-store';
import { RunManager } from '../runs/run-manager';
import type { EngineLauncher } from '../runs/engine-process';
import type { ApiDeps } from './api-context';
import { createApi, type Api } from './create-api';
import { jobBuilder } from './dataset-recipe';
import { FileRegistry } from './file-registry';
import { savedConcurrency } from './settings-api';
import { TableCache } from './table-cache';

export interface BackendOptions extends Pick<ApiDeps, 'samplesDir' | 'dataDir' | 'transport' | 'version' | 'openCsvDialog' | 'csvWorkerUrl'> {
  launch: EngineLauncher;
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
  /** Stops the engines (their runs become interrupted, with `reason` as their error text) and closes the store. */
  close(reason?: string): Promise<void>;
}

/** Store + run queue + API over one data directory: what both hosts (browser and Electron) start. */
export function createBackend(options: BackendOptions): Backend {
  const store = openStore({ dir: options.dataDir });
  const tables = new TableCache(store);
  const files = new FileRegistry();
  // The kernels an engine picked (WebAssembly SIMD or the JS reference), as the last engine reported them.
  let kernels = 'not known yet (no engine has started)';
  const launch: EngineLauncher = (launchOptions) => {
    const engine = options.launch(launchOptions);
    engine.onMessage((m) => {
      if (m.type === 'ready') kernels = m.kernels;
    });
    return engine;
  };
  const runs = new RunManager({
    store, launch, buildJob: jobBuilder(tables), concurrency: savedConcurrency(store),
    ...(options.progressIntervalMs !== undefined ? { progressIntervalMs: options.progressIntervalMs } : {}),
  });
  const recovered = runs.recoverAtStartup();
  const api = createApi({ ...options, store, runs, files, tables, kernels: () => kernels });
  let closing: Promise<void> | null = null;
  return {
    api, store, runs, files, recovered,
    close: (reason) => (closing ??= runs.shutdown(reason).finally(() => store.close())),
  };
}
