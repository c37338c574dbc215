/**
 * Exponential moving average with TensorBoard's debiasing: early points are not dragged towards zero,
 * so the smoothed curve starts where the raw one does. weight 0 returns the input.
 */
export function smoothSeries(values: readonly number[], weight: number): number[] {
  if (weight <= 0) return [...values];
  const out: number[] = [];
  let last = 0;
  let n = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) {
      out.push(v);
      continue;
    }
    last = last * weight + (1 - weight) * v;
    n += 1;
    out.push(last / (1 - weight ** n));
  }
  return out;
}
