import type { SplitMetrics } from '../engine/trainers/types';

/**
 * What every metric key means, in words: the one table Compare, the Run page, the runs list, studies and the
 * bench read labels, direction and format from. Keys are those of shared/metric-keys.ts (`<split>.<metric>`,
 * `lr`, `epochMs`, `samplesPerSec`, `grad.<layer>`, `weight.<layer>`) and the bare split metrics of a summary.
 */

type MetricFormat = 'percent' | 'number' | 'ms' | 'perSecond';
type Task = 'classification' | 'regression';

interface MetricDef {
  /** Lower-case noun phrase; the split's word goes in front ("Validation accuracy"). */
  readonly label: string;
  readonly help: string;
  /** null: neither direction is better (a learning rate, a norm). */
  readonly higherIsBetter: boolean | null;
  readonly format: MetricFormat;
  readonly tasks: readonly Task[];
}

const BOTH: readonly Task[] = ['classification', 'regression'];

/** Scores of one split (SplitMetrics' keys, plus logLoss: the same probability score for every classifier). */
export const SPLIT_METRICS = {
  loss: {
    label: 'loss (what the trainer minimises)', format: 'number', higherIsBetter: false, tasks: BOTH,
    help: 'The objective this run optimises. Runs with different losses (or an ELM\'s squared error) are not comparable on it.',
  },
  logLoss: {
    label: 'log-loss (probabilities)', format: 'number', higherIsBetter: false, tasks: ['classification'],
    help: 'Mean −log of the probability given to the true class: the same score for every classifier, whatever it minimised.',
  },
  accuracy: {
    label: 'accuracy', format: 'percent', higherIsBetter: true, tasks: ['classification'],
    help: 'Share of rows whose predicted class is the true one.',
  },
  balancedAccuracy: {
    label: 'balanced accuracy', format: 'percent', higherIsBetter: true, tasks: ['classification'],
    help: 'Mean of the per-class recalls: every class counts the same however many rows it has.',
  },
  mse: {
    label: 'mean squared error', format: 'number', higherIsBetter: false, tasks: ['regression'],
    help: 'Mean of (prediction − target)², in the target\'s units squared.',
  },
  rmse: {
    label: 'RMSE', format: 'number', higherIsBetter: false, tasks: ['regression'],
    help: 'Root mean squared error, in the target\'s units.',
  },
  mae: {
    label: 'mean absolute error', format: 'number', higherIsBetter: false, tasks: ['regression'],
    help: 'Mean of |prediction − target|, in the target\'s units.',
  },
  r2: {
    label: 'R² (share of variance explained)', format: 'number', higherIsBetter: true, tasks: ['regression'],
    help: '1 is perfect; 0 is no better than always predicting the mean.',
  },
} as const satisfies Record<keyof SplitMetrics | 'logLoss', MetricDef>;

export type SplitMetricKey = keyof typeof SPLIT_METRICS;

const SPLIT_LABELS = { train: 'Training', val: 'Validation', test: 'Test' } as const;
type SplitName = keyof typeof SPLIT_LABELS;

/** Series of a backprop run that are not scores. */
const RUN_SERIES = {
  lr: { label: 'Learning rate', format: 'number', higherIsBetter: null, tasks: BOTH, help: 'The rate the schedule set for this epoch.' },
  epochMs: { label: 'Time per epoch', format: 'ms', higherIsBetter: false, tasks: BOTH, help: 'Training time of the epoch (the trainer\'s clock).' },
  samplesPerSec: {
    label: 'Samples per second', format: 'perSecond', higherIsBetter: true, tasks: BOTH,
    help: 'Training rows processed per second of training time.',
  },
} as const satisfies Record<string, MetricDef>;

/** Scores of a finished run's evaluation views (per class, or of its curves and residuals); bare keys. */
const EVALUATION_METRICS = {
  precision: {
    label: 'precision', format: 'percent', higherIsBetter: true, tasks: ['classification'],
    help: 'Of the rows predicted as this class, the share that truly are.',
  },
  recall: {
    label: 'recall', format: 'percent', higherIsBetter: true, tasks: ['classification'],
    help: 'Of the rows of this class, the share predicted as it.',
  },
  f1: {
    label: 'F1 score', format: 'percent', higherIsBetter: true, tasks: ['classification'],
    help: 'The harmonic mean of precision and recall: high only when both are.',
  },
  support: {
    label: 'rows', format: 'number', higherIsBetter: null, tasks: ['classification'],
    help: 'How many rows of the split truly belong to the class.',
  },
  rocAuc: {
    label: 'ROC AUC', format: 'number', higherIsBetter: true, tasks: ['classification'],
    help: 'Area under the ROC curve: the chance that a row of the class gets a higher probability for it than a row of another class (1 is perfect, 0.5 is guessing).',
  },
  averagePrecision: {
    label: 'average precision', format: 'number', higherIsBetter: true, tasks: ['classification'],
    help: 'Area under the precision–recall curve: precision averaged over the steps of recall (1 is perfect).',
  },
  residual: {
    label: 'residual (actual − predicted)', format: 'number', higherIsBetter: null, tasks: ['regression'],
    help: 'How far each prediction is below (positive) or above (negative) the true value, in the target\'s units.',
  },
} as const satisfies Record<string, MetricDef>;

/** Per-layer series: `grad.<i>` and `weight.<i>`, i the 0-based index of the layer in the built network. */
const LAYER_SERIES = {
  grad: { label: 'Gradient norm', help: 'Size (L2 norm) of the layer\'s gradient, averaged over the epoch\'s batches.' },
  weight: { label: 'Weight norm', help: 'Size (L2 norm) of the layer\'s weights at the end of the epoch.' },
} as const;

export interface MetricInfo extends MetricDef {
  readonly key: string;
  /** Sentence-case label for a chart axis, a table column or a picker ("Validation accuracy"). */
  readonly title: string;
  readonly split: SplitName | null;
  readonly metric: string;
}

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function has<T extends object>(table: T, key: string): key is Extract<keyof T, string> {
  return Object.prototype.hasOwnProperty.call(table, key);
}

/** What a key means, or null for a key no table knows (shown as itself, never guessed). */
export function metricInfo(key: string): MetricInfo | null {
  const dot = key.indexOf('.');
  const head = dot < 0 ? key : key.slice(0, dot);
  const tail = dot < 0 ? '' : key.slice(dot + 1);
  if (dot < 0 && has(SPLIT_METRICS, key)) {
    const def = SPLIT_METRICS[key];
    return { ...def, key, title: capitalised(def.label), split: null, metric: key };
  }
  if (dot < 0 && has(EVALUATION_METRICS, key)) {
    const def = EVALUATION_METRICS[key];
    return { ...def, key, title: capitalised(def.label), split: null, metric: key };
  }
  if (dot < 0 && has(RUN_SERIES, key)) return { ...RUN_SERIES[key], key, title: RUN_SERIES[key].label, split: null, metric: key };
  if (has(SPLIT_LABELS, head) && has(SPLIT_METRICS, tail)) {
    const def = SPLIT_METRICS[tail];
    return { ...def, key, title: `${SPLIT_LABELS[head]} ${def.label}`, split: head, metric: tail };
  }
  if (has(LAYER_SERIES, head) && /^\d+$/.test(tail)) {
    const def = LAYER_SERIES[head];
    return {
      ...def, key, title: `${def.label}, layer ${Number(tail) + 1}`, split: null, metric: head,
      higherIsBetter: null, format: 'number', tasks: BOTH,
    };
  }
  return null;
}

/** The words for a key; an unknown key is shown as it is. */
export function metricLabel(key: string): string {
  return metricInfo(key)?.title ?? key;
}

/** The headline score of each task: what Compare, the Run page and the runs list show first. */
export const HEADLINE_METRIC = { classification: 'accuracy', regression: 'rmse' } as const satisfies Record<Task, SplitMetricKey>;
