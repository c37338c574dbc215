import type { Kernels } from './kernels';
import type { FloatArray } from './matrix';
import { jsKernels } from './js-kernels';
import { randomSymmetric, Rng } from './random';
import type { StartKernelTeam } from './wasm/kernel-team';
import { hasWebAssembly } from './wasm/webassembly-api';
import { createWasmKernels } from './wasm-kernels';

export interface SelectKernelsOptions {
  /** Use the JavaScript reference even when WebAssembly is available (hosts map NW_KERNELS=js to this). */
  forceJs?: boolean;
  /** Helper threads for large products, where the host has them (see createWasmKernels). */
  startTeam?: StartKernelTeam;
  /** Builds the WebAssembly kernels to check (tests pass a broken set). */
  createWasm?: typeof createWasmKernels;
}

export interface KernelChoice {
  readonly kernels: Kernels;
  /**
   * Why a faster set was turned down, when one was: WebAssembly did not load or failed its self-check (the
   * reference kernels are some 50× slower), or the helper threads failed theirs. Null when nothing failed,
   * also when the reference was asked for. The host logs it; the engine has nowhere to.
   */
  readonly fallback: string | null;
}

/**
 * The fastest kernel set this host runs correctly: WebAssembly SIMD when it instantiates and agrees with
 * the JavaScript reference on small random problems — with a kernel team when one starts and its split
 * products agree with the single-threaded ones —, the reference otherwise. Install it with setKernels().
 */
export function selectKernels({ forceJs = false, startTeam, createWasm = createWasmKernels }: SelectKernelsOptions = {}): KernelChoice {
  if (forceJs) return { kernels: jsKernels, fallback: null };
  const single = attempt(() => createWasm());
  if (typeof single === 'string') return { kernels: jsKernels, fallback: `WebAssembly could not load the kernels: ${single}` };
  if (!single) {
    const why = hasWebAssembly() ? 'WebAssembly could not load the kernels (the host may lack WebAssembly SIMD)' : 'this host has no WebAssembly';
    return { kernels: jsKernels, fallback: why };
  }
  const wrong = disagreement(single, jsKernels, smallChecks());
  if (wrong) return { kernels: jsKernels, fallback: `WebAssembly failed its self-check: ${wrong}` };
  // A team that does not start (no threads, no Atomics.wait on this thread) is no failure: one thread it is.
  const threaded = startTeam ? attempt(() => createWasm({ startTeam })) : null;
  if (typeof threaded === 'string') return { kernels: single, fallback: `the kernel helper threads could not start: ${threaded}` };
  if (!threaded) return { kernels: single, fallback: null };
  // Products large enough to be split are too slow for the reference: the checked single thread stands in.
  const wrongSplit = disagreement(threaded, single, splitChecks());
  return wrongSplit
    ? { kernels: single, fallback: `the kernel helper threads failed their self-check: ${wrongSplit}` }
    : { kernels: threaded, fallback: null };
}

/**
 * The kernels `create` builds, null where the host cannot run them, or the message of what it threw (a module
 * that does not match the sources this engine was built from, say): a reason to fall back, not a crash.
 */
function attempt(create: () => Kernels | null): Kernels | null | string {
  try {
    return create();
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** A named kernel call whose outputs are compared. */
type Check = readonly [name: string, run: (K: Kernels) => ArrayLike<number>];

/**
 * The first check on which `candidate` differs from `reference`, said in words, or null when all agree. A module
 * built from older sources may lack an export and throw: that is a failed check, not a crash.
 */
function disagreement(candidate: Kernels, reference: Kernels, checks: Check[]): string | null {
  for (const [name, run] of checks) {
    let actual: ArrayLike<number>;
    let expected: ArrayLike<number>;
    try {
      actual = run(candidate);
      expected = run(reference);
    } catch (e) {
      return `${name} threw "${e instanceof Error ? e.message : String(e)}"`;
    }
    const at = firstMismatch(actual, expected);
    if (at >= 0) return `${name} gives ${actual[at]} at element ${at}, the reference ${expected[at]}`;
  }
  return null;
}

function random(length: number, rng: Rng, Ctor: Float32ArrayConstructor | Float64ArrayConstructor = Float32Array) {
  const out = new Ctor(length);
  for (let i = 0; i < length; i++) out[i] = rng.uniform(-1, 1);
  return out;
}

/** Loose on purpose (sizes are tiny): it guards against a broken build or engine, not against rounding. -1: none. */
function firstMismatch(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= 1e-4 * (1 + Math.abs(expected[i])))) return i;
  }
  return -1;
}

/** Every kernel on small random inputs. */
function smallChecks(): Check[] {
  const rng = new Rng(20240607);
  const [m, k, n] = [7, 13, 11];
  const a = random(m * k, rng);
  const b = random(k * n, rng);
  const at = random(k * m, rng);
  const bt = random(n * k, rng);
  const c0 = random(m * n, rng);
  const sym = randomSymmetric(40, rng);
  return [
    ['gemm', (K) => { const c = c0.slice(); K.gemm(a, b, c, m, k, n, true); return c; }],
    ['gemmTN', (K) => { const c = c0.slice(); K.gemmTN(at, b, c, m, k, n); return c; }],
    ['gemmNT', (K) => { const c = c0.slice(); K.gemmNT(a, bt, c, m, k, n, true); return c; }],
    ['syrk (float32)', (K) => { const c = new Float64Array(k * k); K.syrk(a, c, m, k); return c; }],
    ['syrk (float64)', (K) => { const c = new Float64Array(n * n); K.syrk(random(m * n, new Rng(3), Float64Array), c, m, n); return c; }],
    ['biasActivation (sigmoid)', (K) => { const out = new Float32Array(m * n); K.biasActivation(c0, b, out, m, n, 'sigmoid', 0); return out; }],
    ['biasActivation (leakyRelu)', (K) => { const out = new Float32Array(m * n); K.biasActivation(c0, null, out, m, n, 'leakyRelu', 0.1); return out; }],
    ['activationBackward (relu)', (K) => { const dx = new Float32Array(m * n); K.activationBackward(c0, b, b, dx, m * n, 'relu', 0); return dx; }],
    ['activationBackward (tanh)', (K) => { const dx = new Float32Array(m * n); K.activationBackward(c0, b, b, dx, m * n, 'tanh', 0); return dx; }],
    ['sumRows', (K) => { const out = new Float32Array(k); K.sumRows(b, out, n, k); return out; }],
    ['sumSquares', (K) => [K.sumSquares(c0)]],
    ['gemm (resident operands)', (K) => {
      const [ra, rb, rc] = [a, b, c0].map((x) => resident(K, x));
      K.gemm(ra, rb, rc, m, k, n, true);
      return rc;
    }],
    ['adamStep', (K) => adamStepped(K, a, at, (x) => x.slice())],
    ['adamStep (resident, two tensors in one call)', (K) => adamStepped(K, a, at, (x) => resident(K, x))],
    ['tridiagonalize', (K) => tridiagonalized(K, sym)],
    ['rank-one eigen update (9)', (K) => rankOneEigenOf(K, 9, new Rng(9))],
  ];
}

/** A copy of `x` in an array of K's own (Kernels.allocate). */
function resident(K: Kernels, x: FloatArray): FloatArray {
  const r = K.allocate('float32', x.length);
  r.set(x);
  return r;
}

/** One Adam step on two tensors (halves of θ and of its gradient), their buffers made by `place`; θ, m and v of both. */
function adamStepped(K: Kernels, a: FloatArray, at: FloatArray, place: (x: FloatArray) => FloatArray): number[] {
  const half = a.length >> 1;
  const tensors = [[0, half], [half, a.length]].map(([from, to]) => ({
    theta: place(a.subarray(from, to)), grad: place(at.subarray(from, to)), m: place(at.subarray(from, to).map((x) => x / 2)),
    v: place(a.subarray(from, to).map(Math.abs)), vMax: null,
  }));
  K.adamStep(tensors, { beta1: 0.9, beta2: 0.999, eps: 1e-8, stepSize: 0.01, bias2Sqrt: 0.1, l2: 0.01, shrink: 1 });
  return tensors.flatMap((t) => [...t.theta, ...t.m, ...t.v]);
}

/** tridiagonalize's d, e, tau and the reflectors (the upper triangle: the lower one is scratch). */
function tridiagonalized(K: Kernels, a: Float64Array): number[] {
  const n = Math.round(Math.sqrt(a.length));
  const [w, d, e, tau] = [a.slice(), new Float64Array(n), new Float64Array(n - 1), new Float64Array(n - 1)];
  K.tridiagonalize(w, n, d, e, tau);
  const upper = Array.from({ length: n }, (_, i) => Array.from(w.subarray(i * n + i, (i + 1) * n))).flat();
  return [...d, ...e, ...tau, ...upper];
}

/** rankOneEigen's values and vectors for k increasing d and a unit z drawn from `rng`. */
function rankOneEigenOf(K: Kernels, k: number, rng: Rng): number[] {
  const d = Float64Array.from({ length: k }, (_, i) => i + rng.uniform(0.1, 0.9));
  const z = Float64Array.from({ length: k }, () => rng.uniform(0.2, 1) / Math.sqrt(k));
  const [lambda, vectors] = [new Float64Array(k), new Float64Array(k * k)];
  K.rankOneEigen(d, z, 0.7, lambda, vectors);
  return [...lambda, ...vectors];
}

/** The kernels a team splits, at sizes above their thresholds in wasm-kernels.ts (products by rows and by columns). */
function splitChecks(): Check[] {
  const rng = new Rng(20240608);
  const [m, k, n] = [300, 260, 200];
  const a = random(m * k, rng);
  const b = random(k * n, rng);
  const wide = random(k * 3 * n, rng);
  const hRows = 800;
  const h = random(hRows * n, rng);
  const x = random(1024 * n * 3, rng);
  const long = random((1 << 17) + 5, rng);
  return [
    ['gemm 300×260·260×200', (K) => { const c = new Float32Array(m * n); K.gemm(a, b, c, m, k, n); return c; }],
    ['gemm 300×260·260×600', (K) => { const c = new Float32Array(m * 3 * n); K.gemm(a, wide, c, m, k, 3 * n); return c; }],
    ['syrk 800×200', (K) => { const c = new Float64Array(n * n); K.syrk(h, c, hRows, n); return c; }],
    ['biasActivation tanh 1024×600', (K) => { const out = new Float32Array(x.length); K.biasActivation(x, null, out, 1024, 3 * n, 'tanh', 0); return out; }],
    // Resident, so that its blocks are split: a helper that skips its share changes the total.
    ['sumSquares 2¹⁷ + 5 (resident)', (K) => [K.sumSquares(resident(K, long))]],
    // The roots of a k = 200 merge are split. (A reduction large enough to split its products would add ~50 ms to
    // every engine start; its split paths are covered by the kernels' tests, which split every size.)
    ['rank-one eigen update (200)', (K) => rankOneEigenOf(K, 200, new Rng(8))],
  ];
}
