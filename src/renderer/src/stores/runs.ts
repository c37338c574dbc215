import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { ApiEvents, ApiRequest, ApiResponses, PredictionTable, RunMetrics, RunSummaryView, RunView } from '../../../shared/api';
import type { TrainerConfig } from '../../../engine/trainers/types';
import { isActiveStatus, RUN_STATES } from '../../../shared/run-status';
import { api, ApiError, call } from '../api/client';

/** Charts redraw at most this often per run (the quality bar: ≤ 10 updates per second). */
export const METRICS_FLUSH_MS = 100;

type Point = ApiEvents['run.metrics']['points'][number];

/** Appends points to a run's series, skipping epochs it already has (a fetch and live events can overlap). */
export function appendPoints(metrics: RunMetrics, points: readonly Point[]): void {
  for (const p of points) {
    const s = (metrics[p.key] ??= { epoch: [], value: [], elapsedMs: [] });
    const last = s.epoch.length ? s.epoch[s.epoch.length - 1] : -Infinity;
    if (p.epoch <= last) continue;
    s.epoch.push(p.epoch);
    s.value.push(p.value);
    s.elapsedMs.push(p.elapsedMs);
  }
}

type RunRecordState = Pick<RunSummaryView, 'status' | 'createdAt'>;

/**
 * Replies and events travel apart, so a reply can be older than an event that overtook it: a run on a warm engine
 * can finish within one round trip of its page's `runs.get`. A finished state is terminal (runs-repo has no way out
 * of one), so a record saying active is stale once the run is known to have finished.
 */
function isStale(incoming: RunRecordState, known: RunRecordState | undefined): boolean {
  // The same id in another data file (a host restarted on another folder) is another run.
  return !!known && known.createdAt === incoming.createdAt && RUN_STATES[known.status].finished && !RUN_STATES[incoming.status].finished;
}

/** Runs: the list (kept live by events), run details, metric series with throttled live updates, predictions. */
export const useRunsStore = defineStore('runs', () => {
  const list = ref<RunSummaryView[]>([]);
  const loaded = ref(false);
  const views = shallowRef<Record<number, RunView>>({});
  /** Series by run; mutated in place and announced through `metricsVersion` so charts redraw in batches. */
  const metrics = new Map<number, RunMetrics>();
  const metricsVersion = ref<Record<number, number>>({});
  const pending = new Map<number, Point[]>();
  const flushTimers = new Map<number, ReturnType<typeof setTimeout>>();
  /** Live points of runs whose stored series is being fetched: added after it (appendPoints skips repeats). */
  const arriving = new Map<number, Point[]>();
  let subscribed = false;

  const active = computed(() => list.value.filter((r) => isActiveStatus(r.status)));

  function subscribe(): void {
    if (subscribed) return;
    subscribed = true;
    api().on('run.updated', onRunUpdated);
    api().on('run.metrics', ({ runId, points }) => {
      if (!metrics.has(runId)) {
        arriving.get(runId)?.push(...points);
        return;
      }
      const buf = pending.get(runId);
      if (buf) buf.push(...points);
      else pending.set(runId, [...points]);
      if (!flushTimers.has(runId)) flushTimers.set(runId, setTimeout(() => flush(runId), METRICS_FLUSH_MS));
    });
  }

  function flush(runId: number): void {
    flushTimers.delete(runId);
    const points = pending.get(runId);
    pending.delete(runId);
    const m = metrics.get(runId);
    if (!points || !m) return;
    appendPoints(m, points);
    metricsVersion.value[runId] = (metricsVersion.value[runId] ?? 0) + 1;
  }

  /** True when what the store holds of this run (list row or page view) says it finished and `incoming` does not. */
  function staleRecord(incoming: RunRecordState & { id: number }): boolean {
    return isStale(incoming, list.value.find((r) => r.id === incoming.id)) || isStale(incoming, views.value[incoming.id]);
  }

  function onRunUpdated(run: RunSummaryView): void {
    if (staleRecord(run)) return;
    const i = list.value.findIndex((r) => r.id === run.id);
    if (i >= 0) list.value[i] = run;
    else list.value.unshift(run);
    const view = views.value[run.id];
    if (view) {
      const finished = RUN_STATES[run.status].finished && isActiveStatus(view.status);
      views.value = { ...views.value, [run.id]: { ...view, ...run } };
      // The summary, confusion matrix and predictions only exist once the run has ended.
      if (finished) void get(run.id, true);
    }
  }

  async function load(filter: ApiRequest<'runs.list'> = {}): Promise<void> {
    subscribe();
    const fresh = await call('runs.list', filter);
    const held = new Map(list.value.map((r) => [r.id, r]));
    list.value = fresh.map((r) => (isStale(r, held.get(r.id)) ? held.get(r.id)! : r));
    loaded.value = true;
  }

  async function get(id: number, fresh = false): Promise<RunView> {
    subscribe();
    if (!fresh && views.value[id]) return views.value[id];
    let v = await call('runs.get', { id });
    // The run ended while the reply was on its way: the stored run says so now (its event comes after the commit).
    if (staleRecord(v)) v = await call('runs.get', { id });
    views.value = { ...views.value, [id]: v };
    return v;
  }

  /** Loads the series of these runs once; afterwards live events keep them current. */
  async function loadMetrics(ids: readonly number[]): Promise<void> {
    subscribe();
    const missing = ids.filter((id) => !metrics.has(id));
    if (!missing.length) return;
    for (const id of missing) if (!arriving.has(id)) arriving.set(id, []);
    let got: ApiResponses['runs.metrics'];
    try {
      got = await call('runs.metrics', { ids: missing });
    } catch (e) {
      for (const id of missing) arriving.delete(id);
      throw e;
    }
    for (const id of missing) {
      const fetched = got[id] ?? {};
      const early = metrics.get(id);
      if (early) for (const [key, s] of Object.entries(early)) appendPoints(fetched, s.epoch.map((e, i) => ({ key, epoch: e, value: s.value[i], elapsedMs: s.elapsedMs[i] })));
      appendPoints(fetched, arriving.get(id) ?? []);
      arriving.delete(id);
      metrics.set(id, fetched);
      metricsVersion.value[id] = (metricsVersion.value[id] ?? 0) + 1;
    }
  }

  function metricsOf(id: number): RunMetrics | undefined {
    return metrics.get(id);
  }

  async function start(datasetId: number, modelId: number | null, trainer: TrainerConfig, seeds: number[], name?: string): Promise<RunSummaryView[]> {
    subscribe();
    const started = await call('runs.start', { datasetId, modelId, trainer, seeds, name });
    for (const r of started) onRunUpdated(r);
    return started;
  }

  async function cancel(id: number): Promise<void> {
    onRunUpdated(await call('runs.cancel', { id }));
  }

  async function clone(id: number, seed?: number): Promise<RunSummaryView> {
    const r = await call('runs.clone', { id, seed });
    onRunUpdated(r);
    return r;
  }

  async function rename(id: number, name: string): Promise<void> {
    onRunUpdated(await call('runs.rename', { id, name }));
  }

  /** Sets a run's tags and/or notes; the run page's view is replaced by the stored one. */
  async function annotate(id: number, note: { tags?: string[]; notes?: string }): Promise<void> {
    const v = await call('runs.annotate', { id, ...note });
    views.value = { ...views.value, [id]: v };
    onRunUpdated(v);
  }

  async function remove(id: number): Promise<void> {
    await call('runs.delete', { id });
    list.value = list.value.filter((r) => r.id !== id);
    metrics.delete(id);
    const { [id]: _gone, ...rest } = views.value;
    views.value = rest;
  }

  /** Predicts on a CSV: an uploaded file in the browser, the native dialog under Electron (null if dismissed). */
  async function predictFile(id: number, file: File | null): Promise<PredictionTable | null> {
    let fileId: string;
    if (file) {
      const client = api();
      if (!client.upload) throw new ApiError({ code: 'BAD_REQUEST', message: 'This app cannot upload files.' });
      const up = await client.upload(file, file.name);
      if (!up.ok) throw new ApiError(up.error);
      fileId = up.value.fileId;
    } else {
      const picked = await call('files.openCsvDialog', {});
      if (!picked) return null;
      fileId = picked.fileId;
    }
    return call('runs.predictFile', { id, file: { fileId } });
  }

  async function predictRow(id: number, values: Record<string, string>): Promise<PredictionTable> {
    return call('runs.predictRow', { id, values });
  }

  /** For tests and teardown: stop pending flushes. */
  function dispose(): void {
    for (const t of flushTimers.values()) clearTimeout(t);
    flushTimers.clear();
  }

  return { list, loaded, active, views, metricsVersion, load, get, loadMetrics, metricsOf, start, cancel, clone, rename, annotate, remove, predictFile, predictRow, dispose };
});
