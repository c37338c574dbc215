import type { Kernels } from '../src/engine/math/kernels';
import { kernels, setKernels } from '../src/engine/math/kernels';
import { fmaPeak } from './fma-peak';
import { type Figures, type Measured, measure, measurePair, type SectionOptions } from './measure';
import { w1, w1s, w2, w3, W2_SIZE } from './workloads';

/**
 * The engine on the standard workloads with the kernel set installed now. `reduced` is for the JavaScript
 * reference kernels, tens of times slower: W1 over fewer samples (a rate either way), one 1024³ product,
 * and W2 (minutes: one ridge run, no pinv) only when `withW2`, so that the default bench stays within minutes.
 */
export async function benchEngine(
  o: SectionOptions,
  { reduced = false, withW2 = !reduced, oneThread }: { reduced?: boolean; withW2?: boolean; oneThread?: Kernels } = {},
): Promise<Figures> {
  const out: Figures = {};
  const m = (label: string, fn: () => Measured | Promise<Measured>, runs = o.runs, warmUp = true) =>
    measure(label, fn, { runs, warmUp, log: o.log });
  if (o.wanted('W3')) {
    const budget = reduced ? 2e8 : 2e9;
    // W3 is defined on one thread: with a threaded kernel set, measured on its single-threaded twin, then as is.
    const single = async (fn: () => Promise<Measured>) => (oneThread ? withKernels(oneThread, fn) : fn());
    // Each run first times the FMA loop for ~0.1 s, so every product has a peak from the same minute beside it.
    const relaxed = (oneThread ?? kernels()).name.includes('relaxed');
    const peaks: Array<{ gflops: number; cpuGflops: number }> = [];
    const withPeak = (fn: () => Measured) => () => {
      const peak = reduced ? null : fmaPeak(0.1, relaxed);
      if (peak) peaks.push(peak);
      const r = fn();
      return peak ? { ...r, pairedFraction: r.gflops / peak.gflops } : r;
    };
    const small = await single(() => m('W3 64×784·784×256', withPeak(() => w3(64, 784, 256, budget))));
    // Reduced: one 1024³ product (seconds with the reference kernels), warmed up by the small case.
    const big = await single(() => m('W3 1024³', withPeak(() => w3(1024, 1024, 1024, budget)), reduced ? 1 : o.runs, !reduced));
    out.W3 = { gflops64x784x256: small.gflops, gflops1024: big.gflops };
    if (peaks.length) {
      // The machine's peak is the best calibration; the strict fraction divides the products' medians by it. The
      // CPU-time fraction does the same with CPU-time rates, which time slices lost to other processes lower less.
      const peak = Math.max(...peaks.map((p) => p.gflops));
      const cpuPeak = Math.max(...peaks.map((p) => p.cpuGflops));
      Object.assign(out.W3, {
        fmaPeakGflops: peak, fractionOfPeak64x784x256: small.gflops / peak, fractionOfPeak1024: big.gflops / peak,
        pairedFractionOfPeak64x784x256: small.pairedFraction, pairedFractionOfPeak1024: big.pairedFraction,
        cpuFractionOfPeak64x784x256: small.cpuGflops / cpuPeak, cpuFractionOfPeak1024: big.cpuGflops / cpuPeak,
      });
      const pct = (x: number) => `${(100 * x).toFixed(0)} %`;
      o.log(`  128-bit SIMD FMA peak ${peak.toFixed(1)} GFLOPS (best of ${peaks.length} calibrations); W3 medians ` +
        `${pct(small.gflops / peak)} and ${pct(big.gflops / peak)} of it (run by run against that run's calibration: ` +
        `${pct(small.pairedFraction)} and ${pct(big.pairedFraction)}; by CPU time: ${pct(small.cpuGflops / cpuPeak)} and ${pct(big.cpuGflops / cpuPeak)})`);
    }
    if (oneThread) {
      const threaded = await m(`W3 1024³, ${kernels().name}`, () => w3(1024, 1024, 1024, budget));
      out.W3.gflops1024Threads = threaded.gflops;
    }
  }
  if (o.wanted('W1')) {
    const samples = reduced ? W1_REDUCED_SAMPLES : undefined;
    out.W1 = await m(`W1 MLP 784-256-128-10 Adam${samples ? ` (${samples} samples)` : ''}`, () => w1(samples));
  }
  if (o.wanted('W1s')) out.W1s = await m('W1s MLP 8-32-1 SGD', w1s);
  if (o.wanted('W2') && withW2) {
    if (reduced) {
      const ridge = await m('W2 ELM ridge', () => w2('ridge'), 1, false);
      out.W2 = { ridgeSec: ridge.fitSec, ridgeHiddenSec: ridge.hiddenSec, ridgeSolveSec: ridge.solveSec, ridgeTotalSec: ridge.totalSec };
    } else {
      // Ridge and pinv alternately, so that pinv ÷ ridge compares the same minutes (at L = 2000 without a warm-up).
      const wide = 2 * W2_SIZE.hidden;
      const pair = await measurePair(['W2 ELM ridge', 'W2 ELM pinv'], [() => w2('ridge'), () => w2('pinv')], { runs: o.runs, log: o.log });
      const widePair = await measurePair([`W2 ELM ridge L=${wide}`, `W2 ELM pinv L=${wide}`], [() => w2('ridge', wide), () => w2('pinv', wide)],
        { runs: o.runs, warmUp: false, log: o.log });
      const [ridge, pinv] = [pair.first, pair.second];
      out.W2 = {
        ridgeSec: ridge.fitSec, ridgeHiddenSec: ridge.hiddenSec, ridgeSolveSec: ridge.solveSec, ridgeTotalSec: ridge.totalSec,
        pinvSec: pinv.fitSec, pinvSolveSec: pinv.solveSec, pinvTotalSec: pinv.totalSec, pinvOverRidge: pair.ratio('fitSec'),
        ridgeSecL2000: widePair.first.fitSec, ridgeSolveSecL2000: widePair.first.solveSec,
        pinvSecL2000: widePair.second.fitSec, pinvSolveSecL2000: widePair.second.solveSec, pinvOverRidgeL2000: widePair.ratio('fitSec'),
      };
    }
  }
  return out;
}

export const W1_REDUCED_SAMPLES = 5_000;

/** Runs `fn` with `k` installed as the kernel set, then restores the previous set. */
export async function withKernels<T>(k: Kernels, fn: () => Promise<T>): Promise<T> {
  const previous = kernels();
  setKernels(k);
  try {
    return await fn();
  } finally {
    setKernels(previous);
  }
}
