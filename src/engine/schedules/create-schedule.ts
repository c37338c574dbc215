import { unknownId } from '../catalog/choice';
import { ParamError } from '../catalog/fields';
import { SCHEDULES, type ScheduleConfig } from '../catalog/schedules';
import { cosineAnnealing, EpochScheduler, exponentialDecay, stepDecay } from './epoch-schedules';
import type { LrHolder, LrScheduler, ScheduleContext } from './lr-scheduler';
import { ReduceOnPlateau } from './reduce-on-plateau';

/** Builds the schedule a resolved config names (src/engine/catalog/schedules.ts), driving optimizer.lr. */
export function createSchedule(config: ScheduleConfig, optimizer: LrHolder, { epochs }: ScheduleContext): LrScheduler {
  switch (config.id) {
    case 'constant': return { step: () => {} };
    case 'step': return new EpochScheduler(optimizer, stepDecay(config.params.stepSize, config.params.gamma));
    case 'exponential': return new EpochScheduler(optimizer, exponentialDecay(config.params.gamma));
    case 'cosine': {
      // tMax 0 means the whole run, so its length depends on the run, not on the setting alone.
      const tMax = config.params.tMax || epochs;
      if (!(tMax >= 1)) throw new ParamError('tMax', 'needs at least one epoch', SCHEDULES.cosine.label);
      return new EpochScheduler(optimizer, cosineAnnealing(tMax, config.params.etaMin));
    }
    case 'reduceOnPlateau': return new ReduceOnPlateau(optimizer, config.params);
  }
  return unknownId('schedule', config);
}
