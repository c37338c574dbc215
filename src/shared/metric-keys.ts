import type { EpochRecord, SplitMetrics } from '../engine/trainers/types';

/**
 * How one epoch record becomes metric rows (`run_metrics`) and chart series: `train.loss`,
 * `val.accuracy`, `lr`, `epochMs`, `samplesPerSec`, `grad.<layer>` and `weight.<layer>` (the layer's
 * 0-based index in the built network). Non-finite values never get here (the trainer stops first).
 */
export function epochPoints(record: EpochRecord): { key: string; epoch: number; value: number; elapsedMs: number }[] {
  const { epoch, elapsedMs } = record;
  const out: { key: string; epoch: number; value: number; elapsedMs: number }[] = [];
  const push = (key: string, value: number | undefined) => {
    if (value !== undefined && Number.isFinite(value)) out.push({ key, epoch, value, elapsedMs });
  };
  const split = (prefix: string, m: SplitMetrics | undefined) => {
    if (!m) return;
    for (const [k, v] of Object.entries(m)) push(`${prefix}.${k}`, v);
  };
  split('train', record.train);
  split('val', record.val);
  push('lr', record.lr);
  push('epochMs', record.epochMs);
  push('samplesPerSec', record.samplesPerSec);
  for (const l of record.layers) {
    push(`grad.${l.layer}`, l.gradNorm);
    push(`weight.${l.layer}`, l.weightNorm);
  }
  return out;
}
