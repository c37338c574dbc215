/** The per-class table, the ROC and precision–recall curves and the residuals of a finished run's split. */
import { classificationReport } from '../../engine/metrics/classification';
import { macroArea, oneVsRest, precisionRecallCurve, rocCurve, thinCurve } from '../../engine/metrics/curves';
import { histogram } from '../datasets/column-profile';
import type { ClassReportView, CurvesView, EvaluationSplit, ResidualsView } from '../../shared/api';
import { requireTask, splitOutputs, type RunData } from './run-data';

/** Points per curve sent to the renderer at most (areas use every point). */
const MAX_CURVE_POINTS = 400;
/** Residual points sent at most; the histogram counts every row. */
const MAX_RESIDUAL_POINTS = 2000;
const RESIDUAL_BINS = 30;

function mean(values: readonly number[], weights?: readonly number[]): number {
  const total = weights ? weights.reduce((s, w) => s + w, 0) : values.length;
  return values.reduce((s, v, i) => s + v * (weights ? weights[i] : 1), 0) / total;
}

export function classReportView(data: RunData, split: EvaluationSplit): ClassReportView {
  requireTask(data, 'classification', 'The per-class table');
  const out = splitOutputs(data, split);
  const { classes } = data.prepared.splits;
  const r = classificationReport(out.actualClass!, out.decoded.classIndex!, classes.length);
  const averages = (weights?: number[]) => ({ precision: mean(r.precision, weights), recall: mean(r.recall, weights), f1: mean(r.f1, weights) });
  return {
    split, classes: [...classes],
    precision: r.precision, recall: r.recall, f1: r.f1, support: r.support, accuracy: r.accuracy,
    macro: averages(), weighted: averages(r.support),
  };
}

export function curvesView(data: RunData, split: EvaluationSplit): CurvesView {
  requireTask(data, 'classification', 'ROC and precision–recall curves');
  const out = splitOutputs(data, split);
  const probabilities = out.decoded.probabilities!;
  const roc = oneVsRest(probabilities, out.actualClass!, rocCurve);
  const pr = oneVsRest(probabilities, out.actualClass!, precisionRecallCurve);
  return {
    split, classes: [...data.prepared.splits.classes],
    roc: roc.map((c) => thinCurve(c, MAX_CURVE_POINTS)),
    pr: pr.map((c) => thinCurve(c, MAX_CURVE_POINTS)),
    macroRocAuc: macroArea(roc),
    macroAveragePrecision: macroArea(pr),
  };
}

export function residualsView(data: RunData, split: EvaluationSplit): ResidualsView {
  requireTask(data, 'regression', 'The residuals view');
  const out = splitOutputs(data, split);
  const predicted = out.decoded.values!;
  const residual = Float64Array.from(out.actualValue!, (a, i) => a - predicted[i]);
  let min = Infinity;
  let max = -Infinity;
  residual.forEach((v) => { min = Math.min(min, v); max = Math.max(max, v); });
  const shown = Math.min(out.rows, MAX_RESIDUAL_POINTS);
  return {
    split, rows: out.rows,
    predicted: Array.from(predicted.subarray(0, shown)),
    residual: Array.from(residual.subarray(0, shown)),
    histogram: histogram(residual, min, max, RESIDUAL_BINS),
    mean: residual.reduce((s, v) => s + v, 0) / out.rows,
  };
}
