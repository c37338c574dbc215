/** What the Train page's tune helpers draw and say, from the API's answers (pure, so the words are tested). */
import type { ElmTuneView, LearningRateView } from '../../../../shared/api';
import { formatDuration, formatNumber, labelledMetric } from '../../lib/format';
import { axisNumber, type ChartLine } from '../charts/chart-series';
import { seriesColor } from '../charts/chart-colors';

/** A rate as the form takes it and people read it: two significant digits (the test is not finer than that). */
export function roundedRate(rate: number): number {
  return Number(rate.toPrecision(2));
}

export const rateText = (rate: number): string => axisNumber(roundedRate(rate));

/** Loss per batch (faint), its smoothed curve, and the suggested rate as a marker on the smoothed curve. */
export function lrChartLines(view: LearningRateView): ChartLine[] {
  const lr = view.points.map((p) => p.lr);
  const lines: ChartLine[] = [
    { name: 'Loss per batch', x: lr, y: view.points.map((p) => p.loss), color: seriesColor(6), dashed: true },
    { name: 'Smoothed loss', x: lr, y: view.points.map((p) => p.smoothed), color: seriesColor(0) },
  ];
  const at = view.points.find((p) => p.lr === view.suggestion);
  if (at) lines.push({ name: 'Suggested rate', x: [at.lr], y: [at.smoothed], color: seriesColor(5), marker: true });
  return lines;
}

/** The suggestion in plain words: why this rate, and where training broke down. */
export function lrExplanation(view: LearningRateView): string {
  const blewUp = view.divergedAt === null
    ? 'The loss did not blow up even at the largest rate tried.'
    : `Above about ${rateText(view.divergedAt)} the loss blew up: that is too large a step.`;
  if (view.suggestion === null) {
    return `The loss never fell as the rate rose, so there is no suggestion. ${blewUp} Check the data and the design, or try another optimizer.`;
  }
  return `The loss fell fastest at a learning rate of about ${rateText(view.suggestion)}: there each step makes quick progress ` +
    `and training is still stable. ${blewUp} The test took ${formatDuration(view.ms)}.`;
}

export type ElmAxis = 'hiddenUnits' | 'c';

/**
 * Leave-one-out and GCV error along one axis with the other held at the chosen value (hidden units at the chosen
 * C, or C at the chosen hidden units), and the chosen point marked on the leave-one-out curve.
 */
export function elmCurveLines(view: ElmTuneView, along: ElmAxis): ChartLine[] {
  const points = view.points
    .filter((p) => (along === 'hiddenUnits' ? p.c === view.c : p.hiddenUnits === view.hiddenUnits))
    .sort((a, b) => a[along] - b[along]);
  const x = points.map((p) => p[along]);
  const chosen = points.find((p) => p.hiddenUnits === view.hiddenUnits && p.c === view.c);
  const lines: ChartLine[] = [
    { name: 'Leave-one-out error', x, y: points.map((p) => p.loo), color: seriesColor(0) },
    { name: 'GCV estimate', x, y: points.map((p) => p.gcv), color: seriesColor(1), dashed: true },
  ];
  if (chosen) lines.push({ name: 'Chosen', x: [chosen[along]], y: [chosen.loo], color: seriesColor(5), marker: true });
  return lines;
}

/**
 * "Auto" would choose (or, given the fit's time, chose) 120 hidden units and C = 100 …: the choice, its validation
 * score, what the curve cost, and the fit beside it.
 */
export function elmChoiceText(view: ElmTuneView, fitMs: number | null = null): string {
  const chosen = view.points.find((p) => p.hiddenUnits === view.hiddenUnits && p.c === view.c);
  const sizes = new Set(view.points.map((p) => p.hiddenUnits)).size;
  const val = chosen?.val !== null && chosen?.val !== undefined && view.valMetric ? `; ${labelledMetric(`val.${view.valMetric}`, chosen.val)}` : '';
  const fit = fitMs === null ? '' : ` The fit at these settings then took ${formatDuration(fitMs)}.`;
  return `"Auto" ${fitMs === null ? 'would choose' : 'chose'} ${view.hiddenUnits} hidden units and C = ${axisNumber(view.c)}: the lowest leave-one-out error ` +
    `(${formatNumber(chosen?.loo ?? null)}${val}) of ${view.points.length} settings (${sizes} sizes × ${view.points.length / sizes} values of C), ` +
    `all from one hidden layer in ${formatDuration(view.ms)}, without training each.${fit}`;
}
