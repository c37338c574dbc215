import type { Optimizer } from '../optimizers/optimizer';

/**
 * A learning-rate schedule in PyTorch's lr_scheduler sense, stepped once per epoch: the trainer trains
 * an epoch with `optimizer.lr`, then calls `step()` with that epoch's monitored (validation) loss, which
 * sets the lr for the next epoch. Only reduceOnPlateau looks at the loss.
 */
export interface LrScheduler {
  step(valLoss: number): void;
}

/** The part of an optimizer a schedule drives. */
export type LrHolder = Pick<Optimizer, 'lr'>;

export interface ScheduleContext {
  /** Total epochs of the run (cosine annealing's default period). */
  readonly epochs: number;
}
