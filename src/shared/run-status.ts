import type { RunStatus as EngineRunStatus } from '../engine/trainers/types';

/** Every state a run can be in; zod-free so the renderer can import it without bundling the schemas. */
export const RUN_STATUSES = ['queued', 'running', 'completed', 'cancelled', 'diverged', 'failed', 'interrupted'] as const;
export type RunStatus = EngineRunStatus | (typeof RUN_STATUSES)[number];
