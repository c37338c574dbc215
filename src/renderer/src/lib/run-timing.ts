import type { RunSummaryView, RunTimings } from '../../../shared/api';

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
  if (run.trainer === 'elm') return total > 0 && epoch > 0 ? `solving… ${Math.round((100 * epoch) / total)} %` : 'solving…';
  if (epoch <= 0 || total <= 0) return 'starting…';
  return `epoch ${epoch.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}`;
}

/**
 * Remaining time, extrapolated from the progress so far (epochs for backprop; for the ELM the fraction of its whole
 * job: hidden layer, solve, calibration, scoring) over the time since the engine began the job. Start-up and
 * loading the data are behind by then and not spread over the rest (runs stored before that moment was recorded
 * fall back to the start). Null before the first progress or when finished.
 */
export function etaMs(run: Pick<RunSummaryView, 'status' | 'startedAt' | 'finishedAt' | 'progress' | 'workStartedAt'>, now: number): number | null {
  const el = elapsedMs({ startedAt: run.workStartedAt ?? run.startedAt, finishedAt: run.finishedAt }, now);
  const { epoch, total } = run.progress;
  if (run.status !== 'running' || el === null || epoch <= 0 || total <= 0) return null;
  return (el / epoch) * Math.max(0, total - epoch);
}

/** The phases of a finished run in words, in order, with their times (RunTimings); phases that took no time left out. */
export function phaseParts(t: RunTimings): { label: string; ms: number }[] {
  const parts = [
    { label: 'engine start-up', ms: t.startUpMs }, { label: 'data preparation', ms: t.dataMs }, { label: 'training', ms: t.trainingMs },
    { label: 'evaluation', ms: t.evaluationMs }, { label: 'diagnostics', ms: t.diagnosticsMs }, { label: 'saving', ms: t.savingMs ?? 0 },
  ];
  return parts.filter((p) => p.label === 'training' || p.ms >= 0.5);
}
