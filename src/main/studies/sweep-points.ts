/**
 * A sweep's points, each resolved once by the catalog's one resolver: the grid (every combination) or a seeded
 * random sample, each point's settings written over the base and checked with resolveTrainerConfig. A point that
 * does not resolve refuses the whole sweep (the caller queues nothing), named by its values.
 */
import { InputError } from '../../engine/catalog/input-error';
import { validateModelSpec } from '../../engine/catalog/model-spec';
import {
  applyPoint, axisValues, gridPoints, pointLabel, SETTINGS, type SweepAxis, type SweepPoint,
} from '../../engine/catalog/sweep-settings';
import { resolveTrainerConfig } from '../../engine/catalog/trainer-config';
import type { Task } from '../../engine/data/table';
import { Rng } from '../../engine/math/random';
import type { ModelSpec } from '../../engine/model/spec';
import type { TrainerConfig } from '../../engine/trainers/types';

export type SweepSample = { kind: 'grid' } | { kind: 'random'; count: number; seed: number };

/** What a sweep study stores as its spec (the base settings are stored resolved, so the study can be re-read). */
export interface SweepSpec {
  base: Record<string, unknown>;
  axes: SweepAxis[];
  sample: SweepSample;
  seeds: number[];
}

/** One value of an axis drawn at random: a listed value, or uniform over a range (in log space for a log range). */
function drawValue(axis: SweepAxis, rng: Rng): number | string {
  if ('values' in axis) return axis.values[rng.int(axis.values.length)];
  const { start, end, scale } = axis.range;
  const v = scale === 'log' ? Math.exp(rng.uniform(Math.log(start), Math.log(end))) : rng.uniform(start, end);
  // Four significant digits: a run's name and the table stay readable, and nothing finer matters for a sweep.
  return SETTINGS[axis.setting].kind === 'integer' ? Math.round(v) : Number(v.toPrecision(4));
}

/** The points to train (before seeds): every grid combination, or `count` random draws from the same seed. */
export function samplePoints(axes: readonly SweepAxis[], sample: SweepSample): SweepPoint[] {
  if (sample.kind === 'grid') return gridPoints(axes);
  axes.forEach(axisValues); // the same range checks as a grid
  const rng = new Rng(sample.seed);
  return Array.from({ length: sample.count }, () => Object.fromEntries(axes.map((a) => [a.setting, drawValue(a, rng)])));
}

export interface ResolvedPoint {
  point: SweepPoint;
  trainer: TrainerConfig;
  /** The point changed the layers: the run trains its own design, not the saved one. */
  designChanged: boolean;
}

/**
 * Every point resolved against the catalog, or an InputError naming the first point that does not fit
 * ("lr=20, batch-size=32: optimizer.params.lr: …"). `design` is a saved design (already valid) or null.
 */
export function resolvePoints(
  base: Readonly<Record<string, unknown>>, design: ModelSpec | null, points: readonly SweepPoint[], task: Task,
): ResolvedPoint[] {
  return points.map((point) => {
    try {
      const applied = applyPoint(base, design, point);
      const designChanged = applied.design !== design;
      const model = applied.design && designChanged ? validateModelSpec(applied.design) : applied.design;
      return { point, trainer: resolveTrainerConfig(applied.raw, task, model), designChanged };
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      throw new InputError(e.code, `${pointLabel(point) || 'the base settings'}: ${e.message}`, { ...e.details, point });
    }
  });
}
