import type { RunSummaryView } from '../../../shared/api';

/**
 * Wall-clock time a run has taken so far (or in total): finished − started. Never negative: while it runs, `now`
 * is this screen's clock and `startedAt` the backend's, and the two may disagree by a little.
 */
export function elapsedMs(run: Pick<RunSummaryView, 'startedAt' | 'finishedAt'>, now: number): number | null {
  if (run.startedAt === null) return null;
  return Math.max(0, (run.finishedAt ?? now) - run.startedAt);
}

/**
 * Queued runs that start before this one. The queue is first in, first out and runs are queued when they are
 * created, so it is the queued runs with a smaller id.
 */
export function queuedAhead(run: Pick<RunSummaryView, 'id' | 'status'>, all: readonly Pick<RunSummaryView, 'id' | 'status'>[]): number {
  return all.filter((r) => r.status === 'queued' && r.id < run.id).length;
}

/** What a run's progress line says: nothing about epochs until the first one is done ("epoch 0 / 0" says nothing). */
export function progressText(run: Pick<RunSummaryView, 'status' | 'trainer' | 'progress'>, ahead = 0): string {
  const { epoch, total } = run.progress;
  if (run.status === 'queued') return ahead > 0 ? `queued — ${ahead} ahead` : 'queued — next to start';
  if (run.trainer === 'elm') return 'solving…';
  if (epoch <= 0 || total <= 0) return 'starting…';
  return `epoch ${epoch.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}`;
}

/** Remaining time, extrapolated from the epochs done so far; null before the first epoch or when finished. */
export function etaMs(run: Pick<RunSummaryView, 'status' | 'startedAt' | 'finishedAt' | 'progress'>, now: number): number | null {
  const el = elapsedMs(run, now);
  const { epoch, total } = run.progress;
  if (run.status !== 'running' || el === null || epoch <= 0 || total <= 0) return null;
  return (el / epoch) * Math.max(0, total - epoch);
}
