import type { ApiEvents, ApiMethod, ApiRequest, ApiResponses } from '../../shared/api';
import type { Emitter } from '../../shared/emitter';
import type { Store } from '../db/open-store';
import type { RunManager } from '../runs/run-manager';
import type { TuneJobs } from '../runs/tune-jobs';
import type { FileRegistry } from './file-registry';
import type { TableCache } from './table-cache';

/** What the API needs from its host (the browser host or Electron main). */
export interface ApiDeps {
  store: Store;
  runs: RunManager;
  /** Learning-rate range tests and ELM selection curves for the Train page, beside the run queue. */
  tuning: TuneJobs;
  files: FileRegistry;
  tables: TableCache;
  /** Folder with manifest.json and the sample CSVs. */
  samplesDir: string;
  /** Where the host keeps its files (the store, uploads). */
  dataDir: string;
  transport: 'ipc' | 'http';
  version: string;
  /** The compute kernels the engines use, as far as known. */
  kernels: () => string;
  /** Electron only: the native open dialog; resolves with a path, or null when cancelled. */
  openCsvDialog?: () => Promise<string | null>;
  /** The compiled CSV import worker, when a bundler moved it (see importCsvInWorker). */
  csvWorkerUrl?: URL;
}

export interface ApiContext extends ApiDeps {
  /** Backend → renderer events; the transports subscribe and forward. */
  readonly events: Emitter<ApiEvents>;
}

type Handler<M extends ApiMethod> = (request: ApiRequest<M>) => ApiResponses[M] | Promise<ApiResponses[M]>;
export type Handlers = { [M in ApiMethod]: Handler<M> };
