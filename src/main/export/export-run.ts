/** A stored run as an ONNX file or a PyTorch bundle: what the API and the CLI hand out. */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Store } from '../db/open-store';
import type { RunRecord } from '../db/runs-repo';
import { ApiError } from '../api/api-error';
import { trainingJob, type DataRecipe } from '../api/dataset-recipe';
import { savedModel } from '../api/predict';
import type { TableCache } from '../api/table-cache';
import { bundleName, runBundle } from './bundle/run-bundle';
import type { ArchiveFile } from './bundle/tar';
import { exportOnnx } from './onnx/export-onnx';

function runOf(store: Store, id: number): RunRecord {
  const run = store.runs.get(id);
  if (!run) throw new ApiError('NOT_FOUND', `run ${id} does not exist`, { field: 'id' });
  return run;
}

/** A file name from a run name: letters, digits, dots, dashes and underscores only. */
function safeFileName(name: string, fallback: string): string {
  const cleaned = name.normalize('NFKD').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80);
  return cleaned || fallback;
}

export function runOnnx(store: Store, id: number, version: string): { fileName: string; bytes: Uint8Array } {
  const run = runOf(store, id);
  const bytes = exportOnnx(savedModel(store, id), { name: run.name, version });
  return { fileName: `${safeFileName(run.name, `run-${id}`)}.onnx`, bytes };
}

/** The bundle's files; the run's dataset must still hold the values it was trained on. */
export function runBundleFiles(
  store: Store, tables: TableCache, id: number, options: { version: string; templatesDir: string },
): { name: string; files: ArchiveFile[] } {
  const run = runOf(store, id);
  const model = savedModel(store, id);
  const dataset = store.datasets.get(run.datasetId);
  if (!dataset) throw new ApiError('NOT_FOUND', `the dataset of run ${id} no longer exists`);
  if (run.dataHash !== null && dataset.contentHash !== run.dataHash) {
    throw new ApiError('CONFLICT', `the dataset "${dataset.name}" changed since run ${id} was trained; its data cannot be exported`);
  }
  // Like re-running: the run's own snapshot of the recipe applied to the stored values.
  const job = trainingJob(tables, run.datasetId, run.preprocessing as DataRecipe, run);
  const files = runBundle({ run, datasetName: dataset.name, job, model, ...options });
  return { name: bundleName(id), files };
}

/** Writes the bundle into `dir`, which must be new or empty (nothing of the person's is overwritten). */
export function writeBundleDir(dir: string, files: readonly ArchiveFile[]): void {
  mkdirSync(dir, { recursive: true });
  if (readdirSync(dir).length > 0) throw new ApiError('CONFLICT', `${dir} is not empty; choose a new or empty folder`);
  for (const f of files) writeFileSync(path.join(dir, f.path), f.content, { mode: f.mode ?? 0o644 });
}
