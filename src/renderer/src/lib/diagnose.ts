import type { RunMetrics, RunSummaryMetrics } from '../../../shared/api';

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
/** Epochs the validation loss must have been rising (since its best) to call it overfitting. */
const OVERFIT_EPOCHS = 5;
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

function overfitting(metrics: RunMetrics): Diagnosis | null {
  const val = metrics['val.loss'];
  const train = metrics['train.loss'];
  if (!val || !train || val.value.length < OVERFIT_EPOCHS + 2) return null;
  let bestI = 0;
  val.value.forEach((v, i) => { if (v < val.value[bestI]) bestI = i; });
  const lastI = val.value.length - 1;
  if (lastI - bestI < OVERFIT_EPOCHS || val.value[lastI] <= val.value[bestI] * 1.02) return null;
  const trainAt = byEpoch(metrics, 'train.loss');
  const trainBest = trainAt.get(val.epoch[bestI]);
  const trainLast = trainAt.get(val.epoch[lastI]);
  if (trainBest === undefined || trainLast === undefined || trainLast >= trainBest) return null;
  return {
    kind: 'overfitting',
    severity: 'warning',
    title: 'Overfitting',
    message: `The validation loss has been rising since epoch ${val.epoch[bestI]} while the training loss keeps falling: the network is memorising the training rows.`,
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
    const where = d?.layer ? ` in ${d.layer}` : '';
    out.push({
      kind: 'diverged',
      severity: 'error',
      title: 'Training diverged',
      message: d ? `At epoch ${d.epoch}${where} the numbers became infinite or not-a-number: ${d.message}` : 'The numbers became infinite or not-a-number and training stopped.',
      suggestion: 'Lower the learning rate (e.g. ten times), turn on gradient clipping, and check the input scaling.',
    });
  }
  for (const found of [exploding(input, name), vanishing(input, name), overfitting(input.metrics), plateau(input.metrics)]) {
    if (found) out.push(found);
  }
  return out;
}
