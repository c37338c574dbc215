import type { Kernels } from './kernels';
import { jsKernels } from './js-kernels';
import { Rng } from './random';
import type { StartKernelTeam } from './wasm/kernel-team';
import { createWasmKernels } from './wasm-kernels';

export interface SelectKernelsOptions {
  /** Use the JavaScript reference even when WebAssembly is available (hosts map NW_KERNELS=js to this). */
  forceJs?: boolean;
  /** Helper threads for large products, where the host has them (see createWasmKernels). */
  startTeam?: StartKernelTeam;
}

/**
 * The fastest kernel set this host runs correctly: WebAssembly SIMD when it instantiates and agrees with
 * the JavaScript reference on small random problems, the reference otherwise. Install it with setKernels().
 */
export function selectKernels({ forceJs = false, startTeam }: SelectKernelsOptions = {}): Kernels {
  if (forceJs) return jsKernels;
  // Threaded first; a team that fails the check leaves the single-threaded build to try.
  for (const make of [() => (startTeam ? createWasmKernels({ startTeam }) : null), () => createWasmKernels()]) {
    const candidate = make();
    if (candidate && safelyAgrees(candidate)) return candidate;
  }
  return jsKernels;
}

/** A module built from older sources may lack an export and throw: that is a failed check, not a crash. */
function safelyAgrees(candidate: Kernels): boolean {
  try {
    return agreesWithReference(candidate);
  } catch {
    return false;
  }
}

function random(length: number, rng: Rng, Ctor: Float32ArrayConstructor | Float64ArrayConstructor = Float32Array) {
  const out = new Ctor(length);
  for (let i = 0; i < length; i++) out[i] = rng.uniform(-1, 1);
  return out;
}

/** Loose on purpose (sizes are tiny): it guards against a broken build or engine, not against rounding. */
function close(actual: ArrayLike<number>, expected: ArrayLike<number>): boolean {
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= 1e-4 * (1 + Math.abs(expected[i])))) return false;
  }
  return true;
}

/** Runs every kernel of `candidate` and of the reference on the same inputs; true when all outputs agree. */
function agreesWithReference(candidate: Kernels): boolean {
  const rng = new Rng(20240607);
  const [m, k, n] = [7, 13, 11];
  const a = random(m * k, rng);
  const b = random(k * n, rng);
  const at = random(k * m, rng);
  const bt = random(n * k, rng);
  const c0 = random(m * n, rng);
  // Large enough (≥ PARALLEL_MIN_FLOPS) that a kernel team splits them between threads.
  const big = 128;
  const square = random(big * big, rng);
  const tall = random(2 * big * big, rng);
  const checks: Array<(K: Kernels) => ArrayLike<number>> = [
    (K) => { const c = c0.slice(); K.gemm(a, b, c, m, k, n, true); return c; },
    (K) => { const c = c0.slice(); K.gemmTN(at, b, c, m, k, n); return c; },
    (K) => { const c = c0.slice(); K.gemmNT(a, bt, c, m, k, n, true); return c; },
    (K) => { const c = new Float64Array(k * k); K.syrk(a, c, m, k); return c; },
    (K) => { const c = new Float64Array(n * n); K.syrk(random(m * n, new Rng(3), Float64Array), c, m, n); return c; },
    (K) => { const c = new Float32Array(big * big); K.gemm(square, square, c, big, big, big); return c; },
    (K) => { const c = new Float64Array(big * big); K.syrk(tall, c, 2 * big, big); return c; },
    (K) => { const out = new Float32Array(m * n); K.biasActivation(c0, b, out, m, n, 'sigmoid', 0); return out; },
    (K) => { const out = new Float32Array(m * n); K.biasActivation(c0, null, out, m, n, 'leakyRelu', 0.1); return out; },
    (K) => { const dx = new Float32Array(m * n); K.activationBackward(c0, b, b, dx, m * n, 'relu', 0); return dx; },
    (K) => { const dx = new Float32Array(m * n); K.activationBackward(c0, b, b, dx, m * n, 'tanh', 0); return dx; },
    (K) => { const out = new Float32Array(k); K.sumRows(b, out, n, k); return out; },
    (K) => [K.sumSquares(c0)],
    (K) => {
      const [theta, mom, vel] = [a.slice(), at.slice(), a.map(Math.abs)];
      K.adamStep(theta, at, mom, vel, null, { beta1: 0.9, beta2: 0.999, eps: 1e-8, stepSize: 0.01, bias2Sqrt: 0.1, l2: 0.01, shrink: 1 });
      return [...theta, ...mom, ...vel];
    },
  ];
  return checks.every((run) => close(run(candidate), run(jsKernels)));
}
