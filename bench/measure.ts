/** Named figures from one workload run (samples/s, seconds, GFLOPS …). */
export interface Measured {
  [key: string]: number;
}

/** Figures per workload id (W1, W1s, W2, W3); the keys are those of the --json line. */
export type Figures = Record<string, Measured>;

/** What every bench section gets from the command line. */
export interface SectionOptions {
  runs: number;
  wanted(workload: string): boolean;
  log(line: string): void;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export interface MeasureOptions {
  runs: number;
  /** Run once unmeasured first (JIT, caches, WebAssembly compilation); off for runs too slow to repeat. */
  warmUp?: boolean;
  log(line: string): void;
}

/** Optional warm-up, then `runs` measured runs; every reported key is the median over the runs. */
export async function measure(label: string, fn: () => Measured | Promise<Measured>, o: MeasureOptions): Promise<Measured> {
  if (o.warmUp !== false) await fn();
  const samples: Measured[] = [];
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < Math.max(1, o.runs); i++) samples.push(await fn());
  const out: Measured = {};
  for (const key of Object.keys(samples[0])) out[key] = median(samples.map((s) => s[key]));
  o.log(`  ${label}: ${Object.entries(out).map(([k, v]) => `${k} ${v.toPrecision(4)}`).join(', ')} (CPU share ${cpuShare(wall0, cpu0).toFixed(2)})`);
  return out;
}

/**
 * Two workloads run alternately (after an optional warm-up of each), so that the ratio of their figures compares the
 * same minutes of a machine whose speed drifts: medians of each, and `ratio(key)`, the median of the runs' second ÷
 * first ratios.
 */
export async function measurePair(
  labels: [string, string], fns: [() => Promise<Measured>, () => Promise<Measured>], o: MeasureOptions,
): Promise<{ first: Measured; second: Measured; ratio(key: string): number }> {
  if (o.warmUp !== false) for (const fn of fns) await fn();
  const samples: [Measured[], Measured[]] = [[], []];
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < Math.max(1, o.runs); i++) for (const side of [0, 1] as const) samples[side].push(await fns[side]());
  const share = cpuShare(wall0, cpu0).toFixed(2);
  const [first, second] = samples.map((runs, side) => {
    const out: Measured = {};
    for (const key of Object.keys(runs[0])) out[key] = median(runs.map((s) => s[key]));
    o.log(`  ${labels[side]}: ${Object.entries(out).map(([k, v]) => `${k} ${v.toPrecision(4)}`).join(', ')} (alternating runs, CPU share ${share})`);
    return out;
  });
  return { first, second, ratio: (key) => median(samples[1].map((s, i) => s[key] / samples[0][i][key])) };
}

/**
 * Process CPU time over wall time since (`wall0`, `cpu0`). Single-threaded work shows 1 on a quiet machine and
 * work split between the kernel threads up to their count; a share well below that means other processes took
 * the CPU and the figures are low by about that factor.
 */
export function cpuShare(wall0 = 0, cpu0: NodeJS.CpuUsage = { user: 0, system: 0 }): number {
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / 1e3 / (performance.now() - wall0);
}
