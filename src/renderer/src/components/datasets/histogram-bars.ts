import type { ColumnStatsView } from '../../../../shared/api';
import { formatInteger, formatNumber } from '../../lib/format';

/** Categories shown for a categorical column: its most common values, most common first. */
const TOP_CATEGORIES = 12;

export interface HistogramBar { count: number; share: number; tip: string }

/**
 * The bars of a column's distribution, each with the words of its tooltip: an equal-width bin of a numeric
 * column ("4.3 to 4.66: 9 rows", the last bin includes the maximum, as column-profile.ts counts) or one of
 * the most common values of a categorical one. `share` is the bar's height as a share of the tallest.
 */
export function histogramBars(stats: ColumnStatsView): HistogramBar[] {
  const h = stats.histogram;
  const counted = h
    ? h.counts.map((count, i) => ({ count, what: binRange(h.min, h.max, h.counts.length, i) }))
    : stats.top.slice(0, TOP_CATEGORIES).map((t) => ({ count: t.count, what: t.value === '' ? '(empty)' : t.value }));
  const tallest = Math.max(1, ...counted.map((b) => b.count));
  return counted.map(({ count, what }) => ({ count, share: count / tallest, tip: `${what}: ${rows(count)}` }));
}

/** The axis under the bars: the range of a numeric column, or which values a categorical one shows. */
export function histogramAxis(stats: ColumnStatsView): { left: string; right: string } {
  const h = stats.histogram;
  if (h) return { left: formatNumber(h.min), right: formatNumber(h.max) };
  const shown = Math.min(TOP_CATEGORIES, stats.top.length);
  return { left: shown < stats.distinct ? `top ${shown} of ${formatInteger(stats.distinct)}` : `${shown} values`, right: '' };
}

function binRange(min: number, max: number, bins: number, i: number): string {
  if (max === min) return formatNumber(min);
  const width = (max - min) / bins;
  const to = i === bins - 1 ? max : min + (i + 1) * width;
  return `${formatNumber(min + i * width)} to ${formatNumber(to)}`;
}

const rows = (n: number): string => `${formatInteger(n)} ${n === 1 ? 'row' : 'rows'}`;
