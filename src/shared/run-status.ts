import type { OutcomeStatus as EngineOutcomeStatus } from '../engine/trainers/types';

/**
 * Every state a run can be in, once: whether it is still going (queued or running: it can be cancelled, not
 * deleted) or has finished, and how the interface names it. The TypeScript type, the API's zod enum, the
 * store's SQL CHECK and the interface's lists derive from it. Zod-free so the renderer can import it.
 */
export const RUN_STATES = {
  queued: { active: true, finished: false, label: 'queued', help: 'waiting for a free worker' },
  running: { active: true, finished: false, label: 'running', help: 'training now' },
  completed: { active: false, finished: true, label: 'completed', help: 'trained to the end or stopped early by its own rule' },
  cancelled: { active: false, finished: true, label: 'cancelled', help: 'stopped on request' },
  diverged: { active: false, finished: true, label: 'diverged', help: 'stopped because the loss became too large or not a number' },
  failed: { active: false, finished: true, label: 'failed', help: 'ended by an error; the run page says which' },
  interrupted: { active: false, finished: true, label: 'interrupted', help: 'the app closed before the run finished' },
} as const satisfies Record<string, { active: boolean; finished: boolean; label: string; help: string }>;

export type RunStatus = keyof typeof RUN_STATES;
export const RUN_STATUSES = Object.keys(RUN_STATES) as readonly RunStatus[];

type ActiveOf<S extends RunStatus> = (typeof RUN_STATES)[S]['active'] extends true ? S : never;
/** The states a run is still going in. */
export type ActiveRunStatus = { [S in RunStatus]: ActiveOf<S> }[RunStatus];
export const ACTIVE_RUN_STATUSES = RUN_STATUSES.filter((s) => RUN_STATES[s].active) as readonly ActiveRunStatus[];

export function isActiveStatus(status: RunStatus): status is ActiveRunStatus {
  return RUN_STATES[status].active;
}

/** A compile error here means the engine can end a run in a state this table does not have. */
type SubsetOf<Sub extends Super, Super> = Sub;
/** The states the engine's own outcome can put a run in. */
export type OutcomeStatus = SubsetOf<EngineOutcomeStatus, RunStatus>;
