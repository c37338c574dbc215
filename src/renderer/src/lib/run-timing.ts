import type { RunSummaryView } from '../../../shared/api';

/**
 * Wall-clock time a run has taken so far (or in total): finished − started. Never negative: while it runs, `now`
 * is this screen's clock and `startedAt` the backend's, and the two may disagree by a little.
 */
export function elapsedMs(run: Pick<RunSummaryView, 'startedAt' | 'finishedAt'>, now: number): number | null {
  if (run.startedAt === null) return null;
  return Math.max(0, (run.finishedAt ?? now) - run.startedAt);
}

/** Remaining time, extrapolated from the epochs done so far; null before the first epoch or when finished. */
export function etaMs(run: Pick<RunSummaryView, 'status' | 'startedAt' | 'finishedAt' | 'progress'>, now: number): number | null {
  const el = elapsedMs(run, now);
  const { epoch, total } = run.progress;
  if (run.status !== 'running' || el === null || epoch <= 0 || total <= 0) return null;
  return (el / epoch) * Math.max(0, total - epoch);
}
