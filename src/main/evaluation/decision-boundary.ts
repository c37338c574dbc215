/**
 * The model's class regions on a plane through the encoded input space, with a split's rows on top:
 * - features: two numeric inputs vary over their training range, every other input is held at the training
 *   rows' median (numbers) or most frequent category;
 * - pca: the plane of the first two principal components of the (encoded, scaled) training rows through their mean.
 * Every cell centre is one encoded row, predicted by the stored model exactly as prediction does.
 */
import type { FeatureState } from '../../engine/data/preprocess';
import type { Matrix } from '../../engine/math/matrix';
import { eigenvectorsTimes, symmetricEigen } from '../../engine/trainers/elm/symmetric-eigen';
import { ApiError } from '../api/api-error';
import type { ApiRequest, DecisionBoundaryView } from '../../shared/api';
import { decode, requireTask, splitOutputs, type RunData } from './run-data';

const MAX_POINTS = 2000;
/** Margin around the training rows' range, as a share of it. */
const PAD = 0.05;

type Request = ApiRequest<'runs.decisionBoundary'>;

/** A plane: origin + a·u + b·v in encoded space, and how a point maps to (a, b). */
interface Plane {
  origin: Float64Array;
  u: Float64Array;
  v: Float64Array;
  /** Shown value of an axis coordinate (raw units for a feature, the component score for PCA). */
  shownX: (a: number) => number;
  shownY: (b: number) => number;
  labels: { x: string; y: string };
  held: { name: string; value: string }[];
  explained: [number, number] | null;
}

interface Span {
  /** Encoded column where each feature starts. */
  start: number[];
  width: number;
}

function spanOf(features: readonly FeatureState[]): Span {
  const start: number[] = [];
  let width = 0;
  for (const f of features) {
    start.push(width);
    width += f.kind === 'one-hot' ? f.categories.length : 1;
  }
  return { start, width };
}

function column(x: Matrix, j: number): Float64Array {
  return Float64Array.from({ length: x.rows }, (_, r) => x.data[r * x.cols + j]);
}

function median(values: Float64Array): number {
  const s = Float64Array.from(values).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function formatHeld(value: number): string {
  return Number(value.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 4 });
}

function featurePlane(data: RunData, xName: string, yName: string): Plane {
  const { features } = data.loaded.model.preprocessing;
  const train = data.prepared.splits.train.x;
  const span = spanOf(features);
  const axis = (name: string, field: string): number => {
    const i = features.findIndex((f) => f.name === name);
    if (i < 0 || features[i].kind !== 'numeric') {
      throw new ApiError('BAD_REQUEST', `axes.${field}: "${name}" is not a numeric input of this model`, { field: `axes.${field}` });
    }
    return i;
  };
  const ix = axis(xName, 'x');
  const iy = axis(yName, 'y');
  if (ix === iy) throw new ApiError('BAD_REQUEST', 'axes.y: choose two different inputs', { field: 'axes.y' });
  const origin = new Float64Array(span.width);
  const held: Plane['held'] = [];
  features.forEach((f, i) => {
    const at = span.start[i];
    if (f.kind === 'one-hot') {
      // The most frequent training category (ties: the first), as its one-hot column.
      const counts = f.categories.map((_, c) => column(train, at + c).reduce((s, v) => s + v, 0));
      const mode = counts.indexOf(Math.max(...counts));
      if (f.categories.length > 0) origin[at + mode] = 1;
      held.push({ name: f.name, value: f.categories[mode] ?? '' });
      return;
    }
    origin[at] = median(column(train, at));
    if (i === ix || i === iy) return;
    const raw = origin[at] * f.scale + f.offset;
    // A category code is held at the category nearest to its median index.
    held.push({ name: f.name, value: f.kind === 'code' ? f.categories[Math.round(raw)] ?? '' : formatHeld(raw) });
  });
  const unit = (j: number): Float64Array => {
    const e = new Float64Array(span.width);
    e[j] = 1;
    return e;
  };
  const fx = features[ix] as Extract<FeatureState, { kind: 'numeric' }>;
  const fy = features[iy] as Extract<FeatureState, { kind: 'numeric' }>;
  // Coordinates are offsets from the origin along the axis, in encoded units.
  const ox = origin[span.start[ix]];
  const oy = origin[span.start[iy]];
  return {
    origin, u: unit(span.start[ix]), v: unit(span.start[iy]),
    shownX: (a) => (ox + a) * fx.scale + fx.offset,
    shownY: (b) => (oy + b) * fy.scale + fy.offset,
    labels: { x: fx.name, y: fy.name }, held, explained: null,
  };
}

function pcaPlane(data: RunData): Plane {
  const train = data.prepared.splits.train.x;
  const d = train.cols;
  const n = train.rows;
  if (d < 2) throw new ApiError('CONFLICT', 'principal components need at least two encoded inputs', { field: 'axes' });
  const mean = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) mean[j] += train.data[r * d + j] / n;
  const cov = new Float64Array(d * d);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < d; i++) {
      const di = train.data[r * d + i] - mean[i];
      for (let j = i; j < d; j++) cov[i * d + j] += di * (train.data[r * d + j] - mean[j]);
    }
  }
  const eig = symmetricEigen(cov, d);
  // The two largest eigenvalues are last (ascending); V·[e_{d−1} e_{d−2}] are their eigenvectors.
  const pick = new Float64Array(d * 2);
  pick[(d - 1) * 2] = 1;
  pick[(d - 2) * 2 + 1] = 1;
  eigenvectorsTimes(eig, pick, 2);
  const component = (k: number): Float64Array => {
    const c = Float64Array.from({ length: d }, (_, j) => pick[j * 2 + k]);
    // Sign fixed so the largest entry is positive (an eigenvector's sign is arbitrary).
    const big = c.reduce((b, v, j) => (Math.abs(v) > Math.abs(c[b]) ? j : b), 0);
    return c[big] < 0 ? c.map((v) => -v) : c;
  };
  const total = eig.values.reduce((s, v) => s + Math.max(0, v), 0);
  const share = (k: number): number => (total > 0 ? Math.max(0, eig.values[d - 1 - k]) / total : 0);
  return {
    origin: mean, u: component(0), v: component(1),
    shownX: (a) => a, shownY: (b) => b,
    labels: { x: 'principal component 1', y: 'principal component 2' }, held: [], explained: [share(0), share(1)],
  };
}

/** (a, b) of each row of x on the plane: (x − origin)·u and (x − origin)·v (u, v orthonormal or unit axes). */
function project(x: Matrix, plane: Plane, limit = x.rows): { a: Float64Array; b: Float64Array } {
  const d = x.cols;
  const a = new Float64Array(limit);
  const b = new Float64Array(limit);
  for (let r = 0; r < limit; r++) {
    for (let j = 0; j < d; j++) {
      const c = x.data[r * d + j] - plane.origin[j];
      a[r] += c * plane.u[j];
      b[r] += c * plane.v[j];
    }
  }
  return { a, b };
}

function paddedRange(values: Float64Array): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  values.forEach((v) => { min = Math.min(min, v); max = Math.max(max, v); });
  const pad = max > min ? (max - min) * PAD : 1;
  return { min: min - pad, max: max + pad };
}

export function decisionBoundaryView(data: RunData, request: Pick<Request, 'split' | 'axes' | 'size'>): DecisionBoundaryView {
  requireTask(data, 'classification', 'The decision boundary');
  const { split, axes, size } = request;
  const plane = axes.kind === 'pca' ? pcaPlane(data) : featurePlane(data, axes.x, axes.y);
  const train = data.prepared.splits.train.x;
  const { a: ta, b: tb } = project(train, plane);
  const ra = paddedRange(ta);
  const rb = paddedRange(tb);

  const d = train.cols;
  const grid = new Float32Array(size * size * d);
  for (let row = 0; row < size; row++) {
    const b = rb.min + ((row + 0.5) * (rb.max - rb.min)) / size;
    for (let col = 0; col < size; col++) {
      const a = ra.min + ((col + 0.5) * (ra.max - ra.min)) / size;
      const o = (row * size + col) * d;
      for (let j = 0; j < d; j++) grid[o + j] = plane.origin[j] + a * plane.u[j] + b * plane.v[j];
    }
  }
  const decoded = decode(data, data.loaded.forward({ rows: size * size, cols: d, data: grid }));
  const k = data.prepared.splits.classes.length;
  const p = decoded.probabilities!.data;
  const cells = Array.from(decoded.classIndex!);
  const confidence = cells.map((c, i) => Math.round(p[i * k + c] * 1000) / 1000);

  const out = splitOutputs(data, split);
  const shown = Math.min(out.rows, MAX_POINTS);
  const { a: pa, b: pb } = project(data.prepared.splits[split].x, plane, shown);
  const { features } = data.loaded.model.preprocessing;
  return {
    split, classes: [...data.prepared.splits.classes],
    axes: { x: plane.labels.x, y: plane.labels.y, kind: axes.kind },
    size,
    x: { min: plane.shownX(ra.min), max: plane.shownX(ra.max) },
    y: { min: plane.shownY(rb.min), max: plane.shownY(rb.max) },
    cells, confidence,
    points: {
      x: Array.from(pa, plane.shownX), y: Array.from(pb, plane.shownY),
      actual: Array.from(out.actualClass!.subarray(0, shown)), predicted: Array.from(out.decoded.classIndex!.subarray(0, shown)),
    },
    held: plane.held, explained: plane.explained,
    numericFeatures: features.filter((f) => f.kind === 'numeric').map((f) => f.name),
  };
}
