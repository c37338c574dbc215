import type { Kernels } from '../src/engine/math/kernels';
import { kernels, setKernels } from '../src/engine/math/kernels';
import { type Figures, type Measured, measure, type SectionOptions } from './measure';
import { w1, w1s, w2, w3 } from './workloads';

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
    const small = await single(() => m('W3 64×784·784×256', () => w3(64, 784, 256, budget)));
    // Reduced: one 1024³ product (seconds with the reference kernels), warmed up by the small case.
    const big = await single(() => m('W3 1024³', () => w3(1024, 1024, 1024, budget), reduced ? 1 : o.runs, !reduced));
    out.W3 = { gflops64x784x256: small.gflops, gflops1024: big.gflops };
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
    const ridge = await m('W2 ELM ridge', () => w2('ridge'), reduced ? 1 : o.runs, !reduced);
    out.W2 = { ridgeSec: ridge.fitSec, ridgeHiddenSec: ridge.hiddenSec, ridgeSolveSec: ridge.solveSec, ridgeTotalSec: ridge.totalSec };
    if (!reduced) {
      // The SVD of a 20,000 × 1,000 matrix is slow: one run, warmed up by the ridge runs' hidden layer.
      const pinv = await m('W2 ELM pinv', () => w2('pinv'), 1, false);
      Object.assign(out.W2, { pinvSec: pinv.fitSec, pinvTotalSec: pinv.totalSec });
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
