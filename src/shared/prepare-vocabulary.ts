/**
 * The words for how a dataset is prepared for training (scaling, encoding, split), one table each: the zod
 * enums of api.ts, the dataset page's controls and a run's settings in words derive from these. Zod-free (like
 * column-vocabulary.ts) so the renderer can import it.
 */

/** How feature columns are scaled (fitted on the training rows only). */
export const SCALINGS = {
  standard: { label: 'Standardise (mean 0, spread 1)' },
  minmax: { label: 'Min–max (0 to 1)' },
  none: { label: 'None' },
} as const;

/** How a regression target is scaled while training (predictions are scaled back). */
export const TARGET_SCALINGS = {
  standard: { label: 'Standardise' },
  none: { label: 'None' },
} as const;

export const SCALING_IDS = Object.keys(SCALINGS) as [keyof typeof SCALINGS, ...(keyof typeof SCALINGS)[]];
export const TARGET_SCALING_IDS = Object.keys(TARGET_SCALINGS) as [keyof typeof TARGET_SCALINGS, ...(keyof typeof TARGET_SCALINGS)[]];

/** The label of each preparation setting (the keys of PrepareSettings). */
export const PREPARE_LABELS = {
  scaling: 'Feature scaling',
  oneHot: 'One-hot encode categorical features',
  targetScaling: 'Target scaling (regression)',
  split: 'Split',
  stratified: 'Stratified (keep class shares)',
  seed: 'Split seed',
} as const;

interface SplitShares {
  readonly train: number;
  readonly val: number;
  readonly test: number;
  readonly fixedTrainRows: number | null;
}

/** Why split shares cannot be used, in words, or null: the one rule for the API's check and the dataset page. */
export function splitProblem(split: SplitShares): string | null {
  if (split.fixedTrainRows !== null) return null;
  const sum = split.train + split.val + split.test;
  if (Math.abs(sum - 1) < 1e-6) return null;
  return `the train, validation and test shares must add up to 100 % (now ${Math.round(sum * 1000) / 10} %)`;
}
