import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ApiRequest, DatasetSummaryView, DatasetView, SampleView } from '../../../shared/api';
import { api, ApiError, call, errorMessage } from '../api/client';
import { datasetDetail, namesakeLabels } from '../lib/namesakes';

export interface ImportState {
  importId: string;
  name: string;
  phase: 'uploading' | 'parsing';
  bytes: number;
  totalBytes: number;
  rows: number;
}

export type DatasetPatch = Omit<ApiRequest<'datasets.update'>, 'id'>;

let importCounter = 0;
const newImportId = () => `imp-${Date.now().toString(36)}-${++importCounter}`;

/** Datasets: the list, samples, imports with progress, and the dataset being viewed. */
export const useDatasetsStore = defineStore('datasets', () => {
  const list = ref<DatasetSummaryView[]>([]);
  const samples = ref<SampleView[]>([]);
  const loaded = ref(false);
  const byId = shallowRef<Record<number, DatasetView>>({});
  const importing = ref<ImportState | null>(null);
  /**
   * Why the last import failed, with where (line numbers) when the backend says; cleared by the next import.
   * `skipAndRetry` imports the same file again leaving out the rows the message names (rows with the wrong
   * number of fields), the one failure that has such an option.
   */
  const importError = ref<{ file: string; message: string; details: Record<string, unknown> | null; skipAndRetry: (() => Promise<DatasetView | null>) | null } | null>(null);
  let subscribed = false;
  /** What a menu shows for each dataset: its name, with what tells it apart from namesakes (lib/namesakes.ts). */
  const labelOf = namesakeLabels(list, datasetDetail);

  function subscribe(): void {
    if (subscribed) return;
    subscribed = true;
    api().on('import.progress', (p) => {
      if (importing.value?.importId === p.importId) Object.assign(importing.value, { phase: 'parsing', bytes: p.bytes, totalBytes: p.totalBytes, rows: p.rows });
    });
    api().on('datasets.changed', () => { void loadList(); });
  }

  async function loadList(): Promise<void> {
    subscribe();
    list.value = await call('datasets.list', {});
    loaded.value = true;
  }

  async function loadSamples(): Promise<void> {
    if (!samples.value.length) samples.value = await call('datasets.samples', {});
  }

  async function get(id: number, fresh = false): Promise<DatasetView> {
    if (!fresh && byId.value[id]) return byId.value[id];
    return remember(await call('datasets.get', { id }));
  }

  function remember(d: DatasetView): DatasetView {
    byId.value = { ...byId.value, [d.id]: d };
    return d;
  }

  async function rows(id: number, offset: number, limit: number) {
    return call('datasets.rows', { id, offset, limit });
  }

  async function runImport(source: ApiRequest<'datasets.import'>['source'], importId: string, fileLabel: string, name: string, skipBadRows: boolean, again: (() => Promise<DatasetView | null>) | null): Promise<DatasetView | null> {
    try {
      const d = remember(await call('datasets.import', { source, importId, name, skipBadRows }));
      await loadList();
      return d;
    } catch (e) {
      failed(fileLabel, e, again);
      return null;
    } finally {
      if (importing.value?.importId === importId) importing.value = null;
    }
  }

  function failed(file: string, e: unknown, skipAndRetry: (() => Promise<DatasetView | null>) | null = null): void {
    if (e instanceof ApiError && e.code === 'CANCELLED') return;
    const details = e instanceof ApiError ? (e.details ?? null) : null;
    importError.value = { file, message: errorMessage(e), details, skipAndRetry: details?.reason === 'ragged-rows' ? skipAndRetry : null };
  }

  /**
   * Imports a file picked by the user: dropped or chosen in the browser (uploaded first), or picked in
   * the native dialog under Electron (file = null). Null when dismissed, cancelled or failed (see importError).
   */
  async function importFile(file: File | null, skipBadRows = false): Promise<DatasetView | null> {
    if (importing.value) return null;
    importError.value = null;
    const importId = newImportId();
    if (file) {
      const client = api();
      if (!client.upload) {
        failed(file.name, new Error('Dropped files cannot be read here; use the Import button.'));
        return null;
      }
      importing.value = { importId, name: file.name, phase: 'uploading', bytes: 0, totalBytes: file.size, rows: 0 };
      const up = await client.upload(file, file.name, (sent, total) => {
        if (importing.value?.importId === importId) Object.assign(importing.value, { bytes: sent, totalBytes: total });
      });
      if (importing.value?.importId !== importId) return null;
      if (!up.ok) {
        importing.value = null;
        failed(file.name, new ApiError(up.error));
        return null;
      }
      return runImport({ fileId: up.value.fileId }, importId, file.name, baseName(file.name), skipBadRows, () => importFile(file, true));
    }
    let picked: { fileId: string; name: string } | null;
    try {
      picked = await call('files.openCsvDialog', {});
    } catch (e) {
      failed('file', e);
      return null;
    }
    if (!picked) return null;
    importing.value = { importId, name: picked.name, phase: 'parsing', bytes: 0, totalBytes: 0, rows: 0 };
    // The backend forgets a file id once used: skipping rows opens the dialog again.
    return runImport({ fileId: picked.fileId }, importId, picked.name, baseName(picked.name), skipBadRows, () => importFile(null, true));
  }

  async function importSample(sample: SampleView): Promise<DatasetView | null> {
    if (importing.value) return null;
    importError.value = null;
    const importId = newImportId();
    importing.value = { importId, name: sample.title, phase: 'parsing', bytes: 0, totalBytes: 0, rows: 0 };
    return runImport({ sampleId: sample.id }, importId, sample.title, sample.title, false, null);
  }

  async function cancelImport(): Promise<void> {
    const current = importing.value;
    if (!current) return;
    importing.value = null;
    await call('datasets.cancelImport', { importId: current.importId }).catch(() => undefined);
  }

  async function update(id: number, patch: DatasetPatch): Promise<DatasetView> {
    const d = remember(await call('datasets.update', { id, ...patch }));
    list.value = list.value.map((s) => (s.id === id ? { ...s, name: d.name, task: d.task, target: d.target } : s));
    return d;
  }

  async function remove(id: number, force = false): Promise<number> {
    const r = await call('datasets.delete', { id, force });
    list.value = list.value.filter((d) => d.id !== id);
    const { [id]: _gone, ...rest } = byId.value;
    byId.value = rest;
    return r.deletedRuns;
  }

  return { list, labelOf, samples, loaded, byId, importing, importError, loadList, loadSamples, get, rows, importFile, importSample, cancelImport, update, remove };
});

function baseName(file: string): string {
  return file.replace(/\.[^.]+$/, '').slice(0, 200) || file;
}
