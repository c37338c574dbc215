import type { SplitMetrics } from '../engine/trainers/types';

const fmt = (v: number) => (Math.abs(v) >= 1000 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : v.toFixed(4));

/** "loss 0.1234 acc 0.9500" (or rmse/r2 for regression), prefixed for a split. */
export function formatMetrics(m: SplitMetrics | undefined, prefix = ''): string {
  if (!m) return '';
  const parts = [`${prefix}loss ${fmt(m.loss)}`];
  if (m.accuracy !== undefined) parts.push(`${prefix}acc ${fmt(m.accuracy)}`);
  if (m.rmse !== undefined) parts.push(`${prefix}rmse ${fmt(m.rmse)}`);
  if (m.r2 !== undefined) parts.push(`${prefix}r2 ${fmt(m.r2)}`);
  return parts.join('  ');
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
