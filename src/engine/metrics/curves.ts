/**
 * ROC and precision–recall curves of one score against a binary truth, with scikit-learn's conventions so the
 * numbers can be checked against it: thresholds at every distinct score (ties move together), the ROC curve
 * starts at (0, 0), ROC AUC is the trapezoidal area, and average precision is Σ (Rₙ − Rₙ₋₁)·Pₙ (no interpolation).
 */
export interface Curve {
  x: number[];
  y: number[];
  /** ROC AUC or average precision; null when the class has no positive or no negative row. */
  area: number | null;
}

/** Cumulative true and false positives at each distinct score, highest score first. */
function cumulativeCounts(scores: ArrayLike<number>, positive: ArrayLike<boolean>): { tp: number[]; fp: number[] } {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const tp: number[] = [];
  const fp: number[] = [];
  let t = 0;
  let f = 0;
  order.forEach((row, k) => {
    if (positive[row]) t++;
    else f++;
    if (k === order.length - 1 || scores[order[k + 1]] !== scores[row]) {
      tp.push(t);
      fp.push(f);
    }
  });
  return { tp, fp };
}

/** x = false positive rate, y = true positive rate. */
export function rocCurve(scores: ArrayLike<number>, positive: ArrayLike<boolean>): Curve {
  const { tp, fp } = cumulativeCounts(scores, positive);
  const p = tp.at(-1) ?? 0;
  const n = fp.at(-1) ?? 0;
  const x = [0, ...fp.map((v) => (n > 0 ? v / n : 0))];
  const y = [0, ...tp.map((v) => (p > 0 ? v / p : 0))];
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return { x, y, area: p > 0 && n > 0 ? area : null };
}

/** x = recall, y = precision, from the highest threshold down, starting at recall 0 with precision 1. */
export function precisionRecallCurve(scores: ArrayLike<number>, positive: ArrayLike<boolean>): Curve {
  const { tp, fp } = cumulativeCounts(scores, positive);
  const p = tp.at(-1) ?? 0;
  const n = fp.at(-1) ?? 0;
  const x = [0];
  const y = [1];
  let area = 0;
  tp.forEach((t, i) => {
    const recall = p > 0 ? t / p : 0;
    const precision = t + fp[i] > 0 ? t / (t + fp[i]) : 1;
    area += (recall - x[x.length - 1]) * precision;
    x.push(recall);
    y.push(precision);
  });
  return { x, y, area: p > 0 && n > 0 ? area : null };
}

/** Per class c: the curve of the probability of c against "the true class is c" (one-vs-rest). */
export function oneVsRest(
  probabilities: { rows: number; cols: number; data: ArrayLike<number> }, actual: Int32Array,
  curve: (scores: ArrayLike<number>, positive: ArrayLike<boolean>) => Curve,
): Curve[] {
  const { rows, cols, data } = probabilities;
  if (actual.length !== rows) throw new Error(`${actual.length} labels for ${rows} rows of scores`);
  return Array.from({ length: cols }, (_, c) => {
    const scores = Float64Array.from({ length: rows }, (_, r) => data[r * cols + c]);
    return curve(scores, Array.from(actual, (a) => a === c));
  });
}

/** Unweighted mean of the defined areas (classes absent from the split are left out); null if none is. */
export function macroArea(curves: readonly Curve[]): number | null {
  const areas = curves.map((c) => c.area).filter((a): a is number => a !== null);
  return areas.length > 0 ? areas.reduce((s, a) => s + a, 0) / areas.length : null;
}

/** At most `max` points, evenly spaced by index, always keeping the first and last (for drawing only). */
export function thinCurve(curve: Curve, max: number): Curve {
  const n = curve.x.length;
  if (n <= max) return curve;
  const keep = Array.from({ length: max }, (_, i) => Math.round((i * (n - 1)) / (max - 1)));
  return { x: keep.map((i) => curve.x[i]), y: keep.map((i) => curve.y[i]), area: curve.area };
}
