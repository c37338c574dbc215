import type { RunSummaryView } from '../../../shared/api';
import { metricInfo } from '../../../shared/metric-catalog';
import { RUN_STATES, RUN_STATUSES } from '../../../shared/run-status';
import { elapsedMs } from './run-timing';

/** What a run is found by (its tags too): every word of the search must appear somewhere in it, in any order. */
function searchText(r: RunSummaryView): string {
  return `${r.name} ${r.trainerLabel} ${r.datasetName} #${r.id} ${RUN_STATES[r.status].label} ${r.tags.join(' ')}`.toLowerCase();
}

/** Whether a run matches a search: "sigmoid 1000" finds "ELM · 1000 Sigmoid units"; an empty search matches all. */
export function matchesSearch(r: RunSummaryView, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const text = searchText(r);
  return words.every((w) => text.includes(w));
}

export type RunSortKey = 'created' | 'name' | 'status' | 'elapsed' | 'trainTime' | 'test';
export interface RunSort { key: RunSortKey; descending: boolean }

/** The test score as "how good", so better sorts first whichever metric (accuracy up, RMSE down) a run has. */
function goodness(r: RunSummaryView): number | null {
  if (!r.testMetric) return null;
  return metricInfo(r.testMetric.key)?.higherIsBetter === false ? -r.testMetric.value : r.testMetric.value;
}

const SORT_VALUE: Record<RunSortKey, (r: RunSummaryView, now: number) => number | string | null> = {
  created: (r) => r.id,
  name: (r) => r.name.toLowerCase(),
  status: (r) => RUN_STATUSES.indexOf(r.status),
  elapsed: (r, now) => elapsedMs(r, now),
  trainTime: (r) => r.trainMs,
  test: goodness,
};

/** The runs in the chosen order; runs without the value (not started, not scored) go last either way. */
export function sortRuns(list: readonly RunSummaryView[], sort: RunSort, now: number): RunSummaryView[] {
  const value = SORT_VALUE[sort.key];
  const sign = sort.descending ? -1 : 1;
  return list
    .map((r) => ({ r, v: value(r, now) }))
    .sort((a, b) => {
      if (a.v === null || b.v === null) return a.v === b.v ? b.r.id - a.r.id : a.v === null ? 1 : -1;
      const c = typeof a.v === 'string' ? a.v.localeCompare(String(b.v)) : a.v - (b.v as number);
      return c !== 0 ? sign * c : b.r.id - a.r.id;
    })
    .map(({ r }) => r);
}
