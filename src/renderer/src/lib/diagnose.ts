import type { RunMetrics, RunSummaryMetrics } from '../../../shared/api';
import { formatNumber } from './format';

type DiagnosisKind = 'diverged' | 'collapse' | 'vanishing' | 'exploding' | 'overfitting' | 'plateau';

export interface Diagnosis {
  kind: DiagnosisKind;
  severity: 'error' | 'warning' | 'info';
  title: string;
  message: string;
  suggestion: string;
}

/** Consecutive epochs a condition must hold before a banner appears (one noisy epoch is not a trend). */
export const PERSIST_EPOCHS = 3;
/** First layer's gradient norm below this share of the last layer's = vanishing gradients. */
export const VANISHING_RATIO = 1e-3;
/** A gradient norm above this = exploding gradients. */
export const EXPLODING_NORM = 1e3;
/** Epochs since the lowest validation loss before a rise can count as sustained. */
const OVERFIT_EPOCHS = 5;
/** How far (relative) the validation loss must be above its lowest. */
const OVERFIT_RISE = 0.05;
/** Epochs looked at for a plateau, and the relative improvement below which training counts as stuck. */
export const PLATEAU_EPOCHS = 10;
const PLATEAU_IMPROVEMENT = 1e-3;

export interface DiagnoseInput {
  status: string;
  summary: Pick<RunSummaryMetrics, 'divergence'> | null;
  metrics: RunMetrics;
  /** Display name of a built-network layer index (keys are `grad.<index>`). */
  layerName?: (index: number) => string;
}

function gradLayers(metrics: RunMetrics): number[] {
  return Object.keys(metrics)
    .filter((k) => k.startsWith('grad.'))
    .map((k) => Number(k.slice(5)))
    .filter(Number.isInteger)
    .sort((a, b) => a - b);
}

/** Values of a series by epoch, so series of different layers line up. */
function byEpoch(metrics: RunMetrics, key: string): Map<number, number> {
  const s = metrics[key];
  const m = new Map<number, number>();
  if (s) s.epoch.forEach((e, i) => m.set(e, s.value[i]));
  return m;
}

/** The longest run of consecutive epochs for which `test` holds, with its first epoch. */
function longestStreak(epochs: number[], test: (epoch: number) => boolean): { length: number; start: number } {
  let best = { length: 0, start: 0 };
  let length = 0;
  let start = 0;
  for (const e of epochs) {
    if (test(e)) {
      if (length === 0) start = e;
      length += 1;
      if (length > best.length) best = { length, start };
    } else {
      length = 0;
    }
  }
  return best;
}

function vanishing(input: DiagnoseInput, name: (i: number) => string): Diagnosis | null {
  const layers = gradLayers(input.metrics);
  if (layers.length < 2) return null;
  const first = byEpoch(input.metrics, `grad.${layers[0]}`);
  const last = byEpoch(input.metrics, `grad.${layers[layers.length - 1]}`);
  const epochs = [...first.keys()].filter((e) => last.has(e)).sort((a, b) => a - b);
  const streak = longestStreak(epochs, (e) => first.get(e)! < VANISHING_RATIO * last.get(e)!);
  if (streak.length < PERSIST_EPOCHS) return null;
  return {
    kind: 'vanishing',
    severity: 'warning',
    title: 'Vanishing gradients',
    message: `From epoch ${streak.start}, the first layer (${name(layers[0])}) received less than a thousandth of the gradient of the last layer (${name(layers[layers.length - 1])}) for ${streak.length} epochs: the early layers barely learn.`,
    suggestion: 'Use ReLU (or Leaky ReLU) activations with He initialisation, fewer layers, or add batch normalisation.',
  };
}

function exploding(input: DiagnoseInput, name: (i: number) => string): Diagnosis | null {
  for (const layer of gradLayers(input.metrics)) {
    const s = input.metrics[`grad.${layer}`];
    const i = s.value.findIndex((v) => v > EXPLODING_NORM);
    if (i >= 0) {
      return {
        kind: 'exploding',
        severity: 'warning',
        title: 'Exploding gradients',
        message: `At epoch ${s.epoch[i]} the gradient of ${name(layer)} reached ${s.value[i].toExponential(1)}: the steps are so large that training becomes unstable.`,
        suggestion: 'Lower the learning rate, turn on gradient clipping (by norm, e.g. 1), or add batch normalisation.',
      };
    }
  }
  return null;
}

/** Least-squares slope of `ys` against their index: the trend, robust to one noisy epoch. */
function slope(ys: readonly number[]): number {
  const n = ys.length;
  const mx = (n - 1) / 2;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  ys.forEach((y, i) => { num += (i - mx) * (y - my); den += (i - mx) ** 2; });
  return den === 0 ? 0 : num / den;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Standard deviation. */
const spread = (xs: readonly number[]): number => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));

/**
 * Overfitting: since its lowest, the validation loss has kept rising (trend and level) and the gap to the
 * training loss has widened. Not while validation accuracy holds up (recent epochs not clearly below its value at
 * the loss's lowest): the loss then rises from over-confident probabilities while the answers do not get worse.
 */
function overfitting(metrics: RunMetrics): Diagnosis | null {
  const val = metrics['val.loss'];
  const train = metrics['train.loss'];
  if (!val || !train || val.value.length < OVERFIT_EPOCHS + 2) return null;
  let bestI = 0;
  val.value.forEach((v, i) => { if (v < val.value[bestI]) bestI = i; });
  const lastI = val.value.length - 1;
  const since = lastI - bestI;
  const lowest = val.value[bestI];
  if (since < OVERFIT_EPOCHS || val.value[lastI] < lowest * (1 + OVERFIT_RISE)) return null;
  const trainAt = byEpoch(metrics, 'train.loss');
  const window = val.epoch.slice(bestI).filter((e) => trainAt.has(e));
  const valAt = byEpoch(metrics, 'val.loss');
  const gap = window.map((e) => valAt.get(e)! - trainAt.get(e)!);
  if (gap.length < OVERFIT_EPOCHS || slope(val.value.slice(bestI)) <= 0 || slope(gap) <= 0 || gap[gap.length - 1] <= gap[0]) return null;
  const accAt = byEpoch(metrics, 'val.accuracy');
  const accAtLowest = accAt.get(val.epoch[bestI]);
  const recentAcc = val.epoch.slice(lastI - Math.ceil(since / 2) + 1).flatMap((e) => (accAt.has(e) ? [accAt.get(e)!] : []));
  // Accuracy of a validation split is noisy (one row is a step): it must have fallen by more than its own spread.
  if (accAtLowest !== undefined && recentAcc.length && mean(recentAcc) >= accAtLowest - spread(recentAcc)) return null;
  const above = val.value.slice(bestI + 1).filter((v) => v > lowest * (1 + OVERFIT_RISE / 2)).length;
  const sure = since >= 4 * OVERFIT_EPOCHS && above >= 0.8 * since;
  const pct = Math.round((val.value[lastI] / lowest - 1) * 100);
  const accPart = accAtLowest !== undefined && recentAcc.length
    ? ` Validation accuracy fell too, from ${(accAtLowest * 100).toFixed(1)} % to ${(mean(recentAcc) * 100).toFixed(1)} % (recent mean).`
    : '';
  return {
    kind: 'overfitting',
    severity: 'warning',
    title: sure ? 'Overfitting' : 'Probably overfitting',
    message: `The validation loss is ${pct} % above its lowest (epoch ${val.epoch[bestI]}) and was above it in ${above} of the ${since} epochs since, while the gap to the training loss widened from ${formatNumber(gap[0], 3)} to ${formatNumber(gap[gap.length - 1], 3)}: the network is memorising the training rows.${accPart}${sure ? '' : ' It is early to be sure; watch a few more epochs.'}`,
    suggestion: 'Turn on early stopping (restoring the best weights), add dropout or weight decay, or use a smaller network.',
  };
}

function plateau(metrics: RunMetrics): Diagnosis | null {
  const train = metrics['train.loss'];
  if (!train || train.value.length < PLATEAU_EPOCHS + 1) return null;
  const v = train.value;
  const last = v[v.length - 1];
  const before = v[v.length - 1 - PLATEAU_EPOCHS];
  const stalled = before - last < PLATEAU_IMPROVEMENT * Math.abs(before);
  // Only a problem while the loss is still high: a converged run flattens out too.
  const stillHigh = last > 0.5 * v[0];
  if (!stalled || !stillHigh) return null;
  return {
    kind: 'plateau',
    severity: 'info',
    title: 'Plateau',
    message: `The training loss has hardly changed over the last ${PLATEAU_EPOCHS} epochs and is still above half its starting value: training is stuck.`,
    suggestion: 'Try a higher learning rate or Adam, a learning-rate schedule, ReLU activations, or check that the features are scaled.',
  };
}

type Divergence = NonNullable<RunSummaryMetrics['divergence']>;

/** The trainer's own sentence, with the epoch and layer added only where it does not name them already. */
function divergenceMessage(d: Divergence): string {
  const where = [
    d.message.includes(`epoch ${d.epoch}`) ? null : `at epoch ${d.epoch}`,
    d.layer && !d.message.includes(d.layer) ? `in ${d.layer}` : null,
  ].filter((w): w is string => w !== null);
  return `Training stopped${where.length ? ` ${where.join(' ')}` : ''} because ${d.message}: the numbers became infinite or not-a-number.`;
}

/** Plain-language problems visible in a run's curves, most serious first. */
export function diagnose(input: DiagnoseInput): Diagnosis[] {
  const name = input.layerName ?? ((i: number) => `layer ${i + 1}`);
  const out: Diagnosis[] = [];
  const d = input.summary?.divergence;
  if (d?.kind === 'collapse') {
    out.push({
      kind: 'collapse',
      severity: 'error',
      title: 'Training collapsed',
      message: `From epoch ${d.epoch} the model stopped telling rows apart: ${d.message}.`,
      suggestion: 'Lower the learning rate (e.g. ten times), or use Adam; gradient clipping also keeps one bad step from wrecking the network.',
    });
  } else if (input.status === 'diverged' || d) {
    out.push({
      kind: 'diverged',
      severity: 'error',
      title: 'Training diverged',
      message: d ? divergenceMessage(d) : 'The numbers became infinite or not-a-number and training stopped.',
      suggestion: 'Lower the learning rate (e.g. ten times), turn on gradient clipping, and check the input scaling.',
    });
  }
  for (const found of [exploding(input, name), vanishing(input, name), overfitting(input.metrics), plateau(input.metrics)]) {
    if (found) out.push(found);
  }
  return out;
}
