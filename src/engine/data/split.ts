import { InputError } from '../catalog/input-error';
import { Rng } from '../math/random';

/**
 * How rows are divided into train/validation/test.
 * - ratio: shuffled by seed (stratified by class when strata are given); val or test may be 0.
 * - fixed: for datasets that ship a standard split, table rows before `trainRows` are train+validation
 *   (`val` of them, stratified, go to validation) and the remaining rows are the test set.
 */
export type SplitSpec =
  | { readonly kind: 'ratio'; readonly train: number; readonly val: number; readonly test: number }
  | { readonly kind: 'fixed'; readonly trainRows: number; readonly val?: number };

/** Fraction of the first `trainRows` held out for validation when a fixed split does not say. */
export const DEFAULT_FIXED_VAL_FRACTION = 0.15;

/** Table row indices of each split, ascending. */
export interface RowSplits {
  readonly train: Int32Array;
  readonly val: Int32Array;
  readonly test: Int32Array;
}

type Ratios = readonly [train: number, val: number, test: number];

const SUM_TOLERANCE = 1e-6;

/**
 * Splits `rows` (table row indices) by `spec`. `strata` (aligned with `rows`, one group id per row)
 * makes the split stratified: every group is divided in the same proportions.
 */
export function splitRows(rows: Int32Array, spec: SplitSpec, seed: number, strata?: Int32Array): RowSplits {
  if (strata && strata.length !== rows.length) {
    throw new Error(`strata has ${strata.length} entries for ${rows.length} rows`);
  }
  if (rows.length === 0) throw new InputError('INVALID_CONFIG', 'there are no rows to split');
  const rng = new Rng(seed);
  if (spec.kind === 'ratio') return stratifiedSplit(rows, strata, validateRatios(spec), rng);

  const { trainRows } = spec;
  if (!Number.isInteger(trainRows) || trainRows < 1) {
    throw new InputError('INVALID_CONFIG', `fixed split: trainRows must be a positive integer (got ${trainRows})`);
  }
  const val = spec.val ?? DEFAULT_FIXED_VAL_FRACTION;
  if (!(val >= 0 && val < 1)) throw new InputError('INVALID_CONFIG', `fixed split: val must be in [0, 1) (got ${val})`);
  const head: number[] = [];
  const headStrata: number[] = [];
  const tail: number[] = [];
  rows.forEach((row, i) => {
    if (row < trainRows) {
      head.push(row);
      if (strata) headStrata.push(strata[i]);
    } else {
      tail.push(row);
    }
  });
  if (head.length === 0) throw new InputError('INVALID_CONFIG', `fixed split: no rows before row ${trainRows} to train on`);
  const { train, val: valRows } = stratifiedSplit(
    Int32Array.from(head), strata ? Int32Array.from(headStrata) : undefined, [1 - val, val, 0], rng,
  );
  return { train, val: valRows, test: Int32Array.from(tail).sort() };
}

function validateRatios(spec: { train: number; val: number; test: number }): Ratios {
  const { train, val, test } = spec;
  for (const [name, r] of [['train', train], ['val', val], ['test', test]] as const) {
    if (!Number.isFinite(r) || r < 0 || r > 1) throw new InputError('INVALID_CONFIG', `split ratio ${name} must be in [0, 1] (got ${r})`);
  }
  if (train <= 0) throw new InputError('INVALID_CONFIG', 'split ratio train must be greater than 0');
  const sum = train + val + test;
  if (Math.abs(sum - 1) > SUM_TOLERANCE) {
    throw new InputError('INVALID_CONFIG', `split ratios must sum to 1 (got ${train} + ${val} + ${test} = ${sum})`);
  }
  return [train / sum, val / sum, test / sum];
}

function stratifiedSplit(rows: Int32Array, strata: Int32Array | undefined, ratios: Ratios, rng: Rng): RowSplits {
  const groups = new Map<number, number[]>();
  rows.forEach((row, i) => {
    const key = strata ? strata[i] : 0;
    const members = groups.get(key);
    if (members) members.push(row);
    else groups.set(key, [row]);
  });
  const out: [number[], number[], number[]] = [[], [], []];
  // Sorted group order keeps the random stream independent of the order rows arrive in.
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const members = rng.shuffle(Int32Array.from(groups.get(key) as number[]).sort());
    const counts = allocateCounts(members.length, ratios);
    let start = 0;
    counts.forEach((count, s) => {
      for (let k = start; k < start + count; k++) out[s].push(members[k]);
      start += count;
    });
  }
  const [train, val, test] = out.map((ids) => Int32Array.from(ids).sort());
  return { train, val, test };
}

/**
 * Rows of one group per split: largest remainder (ties favour train, then val), then minimums — train always
 * gets a row so every class is learnt, and a group of ≥ 3 rows puts at least one in every non-empty split.
 */
export function allocateCounts(n: number, ratios: Ratios): [number, number, number] {
  const exact = ratios.map((r) => n * r);
  const counts = exact.map(Math.floor) as [number, number, number];
  const byRemainder = [0, 1, 2].sort((a, b) => exact[b] - counts[b] - (exact[a] - counts[a]) || a - b);
  for (let left = n - (counts[0] + counts[1] + counts[2]), i = 0; left > 0; left--, i++) {
    counts[byRemainder[i % 3]]++;
  }
  const needsRow = (s: number): boolean => counts[s] === 0 && (s === 0 || (n >= 3 && ratios[s] > 0));
  for (let s = 0; s < 3; s++) {
    if (n > 0 && needsRow(s)) {
      const donor = counts.indexOf(Math.max(...counts));
      counts[donor]--;
      counts[s]++;
    }
  }
  return counts;
}
