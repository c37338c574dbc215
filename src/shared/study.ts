import { isActiveStatus, type RunStatus } from './run-status';

/**
 * What a study is, in one place (zod-free, so the renderer reads it too): its kinds (the store's CHECK list
 * derives from them) and its state and progress, always derived from its runs, never stored.
 */
export const STUDY_KINDS = {
  sweep: { label: 'Sweep', help: 'A grid or a random sample of settings, each point trained with every seed.' },
  lrRange: { label: 'Learning-rate range test', help: 'One short run raising the learning rate to find a good one.' },
  elmTune: { label: 'ELM model selection', help: 'Hidden units and C chosen by leave-one-out error.' },
} as const;
export type StudyKind = keyof typeof STUDY_KINDS;
export const STUDY_KIND_IDS = Object.keys(STUDY_KINDS) as readonly StudyKind[];

/** The parts of a run a study's progress reads. */
export interface StudyRunState {
  status: RunStatus;
  progress: { epoch: number; total: number };
  trainMs: number | null;
}

type StudyState = 'queued' | 'running' | 'finished' | 'cancelled';

export interface StudyProgress {
  state: StudyState;
  total: number;
  /** Runs in a final state (completed, diverged, failed, cancelled, interrupted). */
  finished: number;
  running: number;
  queued: number;
  failed: number;
  /** Estimate from the finished runs' training times, or null before any has finished. */
  remainingMs: number | null;
}

/**
 * A study's state and progress from its runs. Time left: the mean training time of the runs that trained to their
 * end, times the work left (queued runs plus the unfinished share of running ones), spread over `concurrency`
 * workers. Start-up time is not counted, so for very short runs the estimate is low.
 */
export function studyProgress(runs: readonly StudyRunState[], concurrency: number): StudyProgress {
  const running = runs.filter((r) => r.status === 'running');
  const queued = runs.filter((r) => r.status === 'queued').length;
  const finished = runs.filter((r) => !isActiveStatus(r.status));
  const timed = finished.filter((r) => (r.status === 'completed' || r.status === 'diverged') && r.trainMs !== null);
  const meanMs = timed.length ? timed.reduce((s, r) => s + r.trainMs!, 0) / timed.length : null;
  const runningLeft = running.reduce((s, r) => s + (r.progress.total > 0 ? 1 - Math.min(1, r.progress.epoch / r.progress.total) : 1), 0);
  const active = running.length + queued > 0;
  const state: StudyState = active
    ? (running.length === 0 && finished.length === 0 ? 'queued' : 'running')
    : runs.some((r) => r.status === 'cancelled') ? 'cancelled' : 'finished';
  return {
    state, total: runs.length, finished: finished.length, running: running.length, queued,
    failed: finished.filter((r) => r.status === 'failed' || r.status === 'interrupted').length,
    remainingMs: !active ? 0 : meanMs === null ? null : (meanMs * (queued + runningLeft)) / Math.max(1, concurrency),
  };
}

/** "14 of 36 runs, about 3 min left" (or "36 runs, finished"). */
export function progressText(p: StudyProgress): string {
  if (p.state === 'finished' || p.state === 'cancelled') {
    const problems = p.failed ? `, ${p.failed} failed` : '';
    return `${p.finished} of ${p.total} runs${problems}, ${p.state}`;
  }
  const left = p.remainingMs === null ? 'time left not known yet' : `about ${durationWords(p.remainingMs)} left`;
  return `${p.finished} of ${p.total} runs, ${left}`;
}

function durationWords(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${Math.max(1, s)} s`;
  const min = Math.round(s / 60);
  return min < 60 ? `${min} min` : `${Math.floor(min / 60)} h ${min % 60} min`;
}
