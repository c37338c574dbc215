/** Display formatting shared by every screen. */
import { metricInfo, metricLabel } from '../../../shared/metric-catalog';

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 2 : 1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s - m * 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function formatNumber(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined) return '—';
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && (Math.abs(v) >= 1e6 || Math.abs(v) < 1e-3)) return v.toExponential(2);
  // Grouped in thousands ("12,350"), never more digits than asked for.
  return Number(v.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 20 });
}

export function formatInteger(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : Math.round(v).toLocaleString('en-US');
}

export function formatPercent(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)} %`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 ** 2).toFixed(1)} MB`;
}

export function formatDate(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A metric as people read it, in the format its catalog entry gives (shared/metric-catalog.ts). */
export function formatMetric(key: string, v: number | null | undefined): string {
  switch (metricInfo(key)?.format) {
    case 'percent': return formatPercent(v);
    case 'ms': return formatDuration(v);
    case 'perSecond': return v === null || v === undefined ? '—' : `${formatNumber(v, 3)} /s`;
    default: return formatNumber(v);
  }
}

/** "Accuracy 95.0 %": a metric's words and its value. */
export function labelledMetric(key: string, v: number | null | undefined): string {
  return `${metricLabel(key)} ${formatMetric(key, v)}`;
}
