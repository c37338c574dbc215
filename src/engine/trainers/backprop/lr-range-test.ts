import { now } from '../../math/clock';
import { type DType, zeros } from '../../math/matrix';
import type { BackpropConfig, PreparedSplits, TrainHooks } from '../types';
import { setUpTraining, type Training } from './train-backprop';
import type { Batch } from './mini-batches';

/**
 * The learning-rate range test (Smith 2015, "Cyclical learning rates", §3.3): one short run from the config's
 * starting weights whose learning rate rises exponentially from MIN_LR to MAX_LR, one mini-batch per step. The
 * batch losses, smoothed, fall once the rate is large enough to make progress and blow up once it is too large;
 * the suggestion is where the smoothed loss falls fastest against log(lr), before its minimum.
 */
const LR_RANGE = { minLr: 1e-7, maxLr: 10, steps: 200 } as const;

/** Exponential moving average of the batch losses, bias-corrected as in fastai's finder. */
const SMOOTHING = 0.9;
/** The test stops once the smoothed loss exceeds this multiple of its best (divergence). */
const DIVERGENCE_FACTOR = 4;
/** Steps the derivative looks across on each side (the smoothed curve is still noisy step to step). */
const SLOPE_SPAN = 3;

export interface LrRangePoint {
  lr: number;
  loss: number;
  smoothed: number;
}

export interface LrRangeResult {
  status: 'completed' | 'cancelled';
  points: LrRangePoint[];
  /** Null when the loss never fell (or too few points). */
  suggestion: number | null;
  /** The learning rate at which the smoothed loss blew up, null when it never did. */
  divergedAt: number | null;
  ms: number;
}

export interface LrRangeOptions {
  minLr?: number;
  maxLr?: number;
  steps?: number;
}

/** Runs the test; the config's optimizer, loss, batch size and design are used, its epochs and schedule are not. */
export async function lrRangeTest(
  splits: PreparedSplits, config: BackpropConfig, seed: number, hooks: TrainHooks = {}, options: LrRangeOptions = {}, dtype: DType = 'float32',
): Promise<LrRangeResult> {
  const started = now();
  const { minLr, maxLr, steps } = { ...LR_RANGE, ...options };
  const t = setUpTraining(splits, config, seed, dtype);
  const batches = endlessBatches(t);
  const points: LrRangePoint[] = [];
  let average = 0;
  let best = Infinity;
  let divergedAt: number | null = null;
  let lastYield = now();
  for (let i = 0; i < steps; i++) {
    const lr = minLr * (maxLr / minLr) ** (steps === 1 ? 0 : i / (steps - 1));
    t.optimizer.lr = lr;
    const loss = step(t, batches.next().value as Batch);
    average = SMOOTHING * average + (1 - SMOOTHING) * loss;
    const smoothed = average / (1 - SMOOTHING ** (i + 1));
    if (!Number.isFinite(smoothed) || smoothed > DIVERGENCE_FACTOR * best) {
      divergedAt = lr;
      break;
    }
    best = Math.min(best, smoothed);
    points.push({ lr, loss, smoothed });
    hooks.onPhase?.('learning-rate range test', (i + 1) / steps);
    if (now() - lastYield >= 20) {
      await hooks.yieldNow?.();
      lastYield = now();
      if (hooks.shouldStop?.()) return { status: 'cancelled', points, suggestion: null, divergedAt, ms: now() - started };
    }
  }
  return { status: 'completed', points, suggestion: suggestedRate(points), divergedAt, ms: now() - started };
}

/** Mini-batches without end: epoch after epoch in fresh shuffled orders. */
function* endlessBatches(t: Training): Generator<Batch> {
  for (;;) yield* t.batches.epoch();
}

/** One training step on one batch; returns the batch's loss before the step (NaN if it was not finite). */
function step(t: Training, b: Batch): number {
  const out = t.network.forward(b.x, t.trainContext, t.fusedEnd);
  b.grad ??= zeros(out.rows, out.cols, t.dtype);
  const loss = t.loss.compute(out, b.y, b.grad);
  if (!Number.isFinite(loss)) return NaN;
  t.network.backward(b.grad, t.fusedEnd);
  t.optimizer.step();
  return loss;
}

/**
 * The rate of steepest descent of the smoothed loss against log(lr), among the points up to its minimum: the
 * slope at point i is taken across i ± SLOPE_SPAN. The loss is compared on a log scale (its relative fall),
 * so the early steps, where a loss of 1000 drops to 900, do not outweigh the late ones where 1 drops to 0.1.
 */
export function suggestedRate(points: readonly LrRangePoint[]): number | null {
  let lowest = 0;
  points.forEach((p, i) => { if (p.smoothed < points[lowest].smoothed) lowest = i; });
  let steepest: number | null = null;
  let steepestSlope = 0;
  for (let i = SLOPE_SPAN; i + SLOPE_SPAN <= lowest; i++) {
    const a = points[i - SLOPE_SPAN];
    const b = points[i + SLOPE_SPAN];
    const slope = (Math.log(b.smoothed) - Math.log(a.smoothed)) / (Math.log(b.lr) - Math.log(a.lr));
    if (slope < steepestSlope) [steepest, steepestSlope] = [i, slope];
  }
  return steepest === null ? null : points[steepest].lr;
}
