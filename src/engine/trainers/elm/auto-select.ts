import { InputError } from '../../catalog/input-error';
import { now } from '../../math/clock';
import { castMatrix, type Matrix } from '../../math/matrix';
import { Rng } from '../../math/random';
import { predictedClasses, scoreSplit } from '../score';
import type { ElmConfig, PreparedSplits, TrainHooks } from '../types';
import { hiddenForward, type ElmHidden } from './elm-model';
import { initHidden } from './init-hidden';
import {
  bestPoint, C_GRID, hiddenUnitsGrid, SELECTION_MAX_ENTRIES, selectionCurve, type SelectionPoint, type ValidationScoring,
} from './model-selection';
import type { F64Matrix } from './solvers';

/** What "Auto" chose and the curve it chose from, as a run reports it. */
export interface ElmSelection {
  hiddenUnits: number;
  c: number;
  /** Every (hidden units, C) tried: leave-one-out and GCV error, validation score (metric below) or null. */
  points: SelectionPoint[];
  /** The validation metric of `points[].val` (accuracy or RMSE), null without a validation split. */
  valMetric: 'accuracy' | 'rmse' | null;
  /** The whole curve: hidden layer over the training (and validation) rows, Gram, one decomposition per size. */
  ms: number;
}

/** The chosen settings, the hidden layer they are the first units of, and the selection; null when stopped. */
interface Selected {
  config: ElmConfig;
  hidden: ElmHidden;
  selection: ElmSelection;
}

/**
 * "Auto": draws the hidden layer at config.hiddenUnits (the same draw as a fit of that size with this seed),
 * computes the LOO/GCV curve over 10 sizes up to it × 10 values of C, and returns the pair with the smallest
 * leave-one-out error; the fit then uses the first units of this same layer, so the curve describes it exactly.
 */
export async function selectElmSettings(splits: PreparedSplits, config: ElmConfig, seed: number, hooks: TrainHooks): Promise<Selected | null> {
  const started = now();
  const { x, y } = splits.train;
  const max = config.hiddenUnits;
  if (x.rows * max > SELECTION_MAX_ENTRIES) {
    throw new InputError('INVALID_CONFIG', `choosing automatically keeps the hidden layer's output for every training row (${x.rows} × ${max}); use fewer hidden units or a smaller training split`);
  }
  const hidden = initHidden(config, x.cols, new Rng(seed));
  const grid = { hiddenUnits: hiddenUnitsGrid(max), c: C_GRID };
  const validation = splits.val.x.rows > 0 ? validationScoring(splits, hidden, max) : null;
  const points = await selectionCurve(hiddenOutput(hidden, x, max), castMatrix(y, 'float64') as F64Matrix, grid, validation?.scoring ?? null, {
    onSize: (done, total) => hooks.onPhase?.('choosing hidden units and C', done / total),
    shouldStop: hooks.shouldStop,
    yieldNow: hooks.yieldNow,
  });
  if (!points) return null;
  const best = bestPoint(points);
  return {
    config: { ...config, hiddenUnits: best.hiddenUnits, c: best.c },
    hidden: firstUnits(hidden, best.hiddenUnits),
    selection: { hiddenUnits: best.hiddenUnits, c: best.c, points, valMetric: validation?.metric ?? null, ms: now() - started },
  };
}

/** H = g(XW + b) in the data's element type, as the fit computes it, then in float64 for the selection. */
function hiddenOutput(hidden: ElmHidden, x: Matrix, units: number): F64Matrix {
  const out = x.data instanceof Float64Array ? new Float64Array(x.rows * units) : new Float32Array(x.rows * units);
  hiddenForward(hidden, x.data, x.rows, out);
  return { rows: x.rows, cols: units, data: Float64Array.from(out) };
}

/** Validation accuracy (classification) or RMSE in the target's units (regression), through the shared scoring. */
function validationScoring(splits: PreparedSplits, hidden: ElmHidden, units: number): { scoring: ValidationScoring; metric: 'accuracy' | 'rmse' } {
  const { x, y } = splits.val;
  const classification = splits.task === 'classification';
  const score = (data: Float64Array): number => {
    const out = { rows: y.rows, cols: y.cols, data };
    const metrics = scoreSplit(splits, NaN, y, classification ? predictedClasses(out, 0.5) : out);
    return (classification ? metrics.accuracy : metrics.rmse) ?? NaN;
  };
  return { scoring: { h: hiddenOutput(hidden, x, units), score }, metric: classification ? 'accuracy' : 'rmse' };
}

/** The layer of the first k units (H_k's columns). */
function firstUnits(hidden: ElmHidden, k: number): ElmHidden {
  const columns = (m: Matrix<Float64Array>): Matrix<Float64Array> => {
    const data = new Float64Array(m.rows * k);
    for (let i = 0; i < m.rows; i++) data.set(m.data.subarray(i * m.cols, i * m.cols + k), i * k);
    return { rows: m.rows, cols: k, data };
  };
  if (hidden.activation === 'rbf') return { ...hidden, centres: columns(hidden.centres), widths: hidden.widths.slice(0, k) };
  return { ...hidden, weights: columns(hidden.weights), biases: hidden.biases.slice(0, k) };
}
