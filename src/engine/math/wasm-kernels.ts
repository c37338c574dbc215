import { wasmActivationCode } from '../catalog/activations';
import type { Kernels } from './kernels';
import { jsKernels } from './js-kernels';
import type { FloatArray } from './matrix';
import { base64ToBytes } from './encode';
import type { ExportCall, KernelTeam, StartKernelTeam } from './wasm/kernel-team';
import {
  KERNELS_RELAXED_SIMD_SHARED_WASM_BASE64, KERNELS_RELAXED_SIMD_WASM_BASE64, KERNELS_SIMD_SHARED_WASM_BASE64,
  KERNELS_SIMD_WASM_BASE64,
} from './wasm/kernels-wasm.generated';
import { WasmArena } from './wasm/wasm-arena';
import {
  compileSync, createSharedMemory, instantiate, instantiateSync, type WasmInstance, type WasmMemory, type WasmModule,
} from './wasm/webassembly-api';

type GemmExport = (
  a: number, rsA: number, csA: number, b: number, rsB: number, csB: number, c: number, ldc: number,
  m: number, k: number, n: number, accumulate: number, work: number,
) => void;

/** Exports of src/engine/math/wasm/assembly (addresses are byte offsets into `memory`). */
interface KernelExports {
  memory: WasmMemory;
  heapBase(): number;
  workspaceBytes(): number;
  gemmF32: GemmExport;
  gemmF64: GemmExport;
  syrkF32(a: number, c: number, rows: number, n: number, j0: number, j1: number, work: number): void;
  syrkF64(a: number, c: number, rows: number, n: number, j0: number, j1: number, work: number): void;
  mirrorUpper(c: number, n: number): void;
  biasActivation(x: number, bias: number, out: number, rows: number, cols: number, act: number, alpha: number, tail: number): void;
  activationBackward(x: number, y: number, dy: number, dx: number, length: number, act: number, alpha: number): void;
  sumRows(g: number, out: number, rows: number, cols: number, accumulate: number): void;
  sumSquaresF32(a: number, length: number): number;
  adamStepF32(
    theta: number, grad: number, m: number, v: number, length: number,
    beta1: number, beta2: number, eps: number, stepSize: number, bias2Sqrt: number, l2: number, shrink: number,
  ): void;
}

/** 'relaxed-simd' fuses multiply-add (needs Chrome 114+, Electron 25+, Node 22+ or Node 20 with
 * --experimental-wasm-relaxed-simd); 'simd' runs wherever WebAssembly SIMD does. */
export type WasmVariant = 'relaxed-simd' | 'simd';

const VARIANTS: Record<WasmVariant, { single: string; shared: string }> = {
  'relaxed-simd': { single: KERNELS_RELAXED_SIMD_WASM_BASE64, shared: KERNELS_RELAXED_SIMD_SHARED_WASM_BASE64 },
  simd: { single: KERNELS_SIMD_WASM_BASE64, shared: KERNELS_SIMD_SHARED_WASM_BASE64 },
};

/**
 * Below this many floating-point operations a product stays on one thread. Handing half of it to a helper
 * costs ~30 µs when the helper was just busy and 130–300 µs when its core had gone idle (measured on a
 * 2-core VM), so only products of a millisecond or more (~3·10⁷ flops) gain: the ELM's, not a small MLP's.
 */
const PARALLEL_MIN_FLOPS = 3e7;
/** The same for pointwise kernels, in elements (a sigmoid costs a few ns each: ~1 ms). */
const PARALLEL_MIN_ELEMENTS = 1 << 19;

export interface WasmKernelOptions {
  /** The build to load; by default the fastest one the host accepts. */
  variant?: WasmVariant;
  /** Operands are copied into wasm memory in pieces of about this size, so huge matrices need not fit twice. */
  chunkBytes?: number;
  /**
   * Starts helper threads on the shared-memory build so that large gemm and syrk calls use several cores;
   * without it, or when it gives no team, the kernels run on the calling thread alone.
   */
  startTeam?: StartKernelTeam;
  /**
   * Products of fewer flops than this stay on one thread (tests set 0 to split every shape); pointwise work
   * is split above PARALLEL_MIN_ELEMENTS scaled by the same factor.
   */
  parallelMinFlops?: number;
}

function allFloat32(...arrays: FloatArray[]): boolean {
  return arrays.every((a) => a instanceof Float32Array);
}

function sameType(a: FloatArray, ...rest: FloatArray[]): boolean {
  return rest.every((r) => r instanceof Float32Array === a instanceof Float32Array);
}

/**
 * WebAssembly SIMD kernels (float32 f32x4 and float64 f64x2), or null when the host cannot run them.
 * The engine is named after the build, 'wasm-relaxed-simd' or 'wasm-simd', with the thread count when a team
 * shares the work ('wasm-relaxed-simd ×2 threads').
 * Each call copies its operands into the module's memory and the result back; shapes and types the module
 * does not cover (gelu, sin, float64 pointwise, empty matrices, memory exhaustion) go to the JS reference.
 */
export function createWasmKernels(options: WasmKernelOptions = {}): Kernels | null {
  const { variant, chunkBytes = 32 << 20, startTeam, parallelMinFlops = PARALLEL_MIN_FLOPS } = options;
  const candidates: WasmVariant[] = variant ? [variant] : ['relaxed-simd', 'simd'];
  for (const v of candidates) {
    const shared = startTeam ? startShared(VARIANTS[v].shared, startTeam) : null;
    if (shared) return wrapInstance(shared.instance, `wasm-${v} ×${shared.team.helpers + 1} threads`, chunkBytes, shared.team, parallelMinFlops);
    const instance = instantiateSync(base64ToBytes(VARIANTS[v].single));
    if (instance) return wrapInstance(instance, `wasm-${v}`, chunkBytes, null, parallelMinFlops);
  }
  return null;
}

/** The shared-memory build on a new shared memory, with its team; null when any step is refused. */
function startShared(base64: string, startTeam: StartKernelTeam): { instance: WasmInstance; team: KernelTeam } | null {
  const module = compileSync(base64ToBytes(base64));
  const memory = module ? createSharedMemory(16) : null;
  const instance = module && memory ? instantiate(module, { env: { memory } }) : null;
  const team = module && memory && instance ? startSafely(startTeam, module, memory) : null;
  return instance && team && team.helpers > 0 ? { instance, team } : null;
}

/** A host that cannot start threads or block on Atomics.wait (a browser page's main thread) throws: no team. */
function startSafely(startTeam: StartKernelTeam, module: WasmModule, memory: WasmMemory): KernelTeam | null {
  try {
    return startTeam(module, memory);
  } catch {
    return null;
  }
}

/** Splits [0, total) into `parts` ranges whose inner boundaries are multiples of `unit` (a SIMD/tile width). */
function splitRange(total: number, parts: number, unit: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let start = 0;
  for (let p = 1; p <= parts && start < total; p++) {
    const end = p === parts ? total : Math.min(total, Math.round((total * p) / parts / unit) * unit);
    if (end > start) ranges.push([start, end]);
    start = Math.max(start, end);
  }
  return ranges;
}

function wrapInstance(
  instance: WasmInstance, name: string, chunkBytes: number, team: KernelTeam | null, parallelMinFlops: number,
): Kernels {
  const wasm = instance.exports as unknown as KernelExports;
  const arena = new WasmArena(wasm.memory, Math.ceil(wasm.heapBase() / 64) * 64);
  const threads = 1 + (team?.helpers ?? 0);
  // One packing workspace per thread, back to back.
  const workBytes = Math.ceil(wasm.workspaceBytes() / 64) * 64;
  const chunkLength = (total: number, bytesPerUnit: number): number =>
    Math.max(1, Math.min(total, Math.floor(chunkBytes / bytesPerUnit)));

  /** Runs calls[0] here and the rest on the team's helpers (calls.length ≤ threads). */
  function runSplit(calls: ExportCall[]): void {
    const local = () => (wasm[calls[0].fn] as (...args: number[]) => void)(...calls[0].args);
    if (calls.length === 1 || !team) local();
    else team.run(calls.slice(1), local);
  }

  /**
   * One gemm, split between the threads when it is large enough: by rows of C when m ≥ n (each thread then
   * packs all of B, the smaller operand), by columns otherwise (each packs all of A). Small products call
   * the export directly: for tiny networks any allocation here would show in the per-batch time.
   */
  function gemmCall(
    f64: boolean, a: number, rsA: number, csA: number, b: number, rsB: number, csB: number, c: number, ldc: number,
    m: number, k: number, n: number, accumulate: boolean, work: number,
  ): void {
    const beta = accumulate ? 1 : 0;
    if (!team || 2 * m * k * n < parallelMinFlops) {
      (f64 ? wasm.gemmF64 : wasm.gemmF32)(a, rsA, csA, b, rsB, csB, c, ldc, m, k, n, beta, work);
      return;
    }
    const el = f64 ? 8 : 4;
    const byRows = m >= n;
    runSplit(splitRange(byRows ? m : n, threads, 8).map(([start, end], t) => ({
      fn: f64 ? 'gemmF64' : 'gemmF32',
      args: byRows
        ? [a + start * rsA * el, rsA, csA, b, rsB, csB, c + start * ldc * el, ldc, end - start, k, n, beta, work + t * workBytes]
        : [a, rsA, csA, b + start * csB * el, rsB, csB, c + start * el, ldc, m, k, end - start, beta, work + t * workBytes],
    })));
  }

  /** C = A·op(B) in row blocks: B is copied once, A and C a block of rows at a time. */
  function gemmByRows(
    a: FloatArray, b: FloatArray, c: FloatArray, m: number, k: number, n: number, accumulate: boolean, bTransposed: boolean,
  ): boolean {
    const el = a.BYTES_PER_ELEMENT;
    const rows = chunkLength(m, (k + n) * el);
    const at = arena.reserve(threads * workBytes, k * n * el, rows * k * el, rows * n * el);
    if (!at) return false;
    const [work, pb, pa, pc] = at;
    const f64 = a instanceof Float64Array;
    arena.view(b, pb, k * n).set(b.subarray(0, k * n));
    const aView = arena.view(a, pa, rows * k);
    const cView = arena.view(c, pc, rows * n);
    for (let r0 = 0; r0 < m; r0 += rows) {
      const r = Math.min(rows, m - r0);
      aView.set(a.subarray(r0 * k, (r0 + r) * k));
      if (accumulate) cView.set(c.subarray(r0 * n, (r0 + r) * n));
      gemmCall(f64, pa, k, 1, pb, bTransposed ? 1 : n, bTransposed ? k : 1, pc, n, r, k, n, accumulate, work);
      c.set(cView.subarray(0, r * n), r0 * n);
    }
    return true;
  }

  /** C = Aᵀ·B in blocks of the shared dimension: C stays in wasm memory and accumulates. */
  function gemmTNByDepth(
    a: FloatArray, b: FloatArray, c: FloatArray, m: number, k: number, n: number, accumulate: boolean,
  ): boolean {
    const el = a.BYTES_PER_ELEMENT;
    const depth = chunkLength(k, (m + n) * el);
    const at = arena.reserve(threads * workBytes, m * n * el, depth * m * el, depth * n * el);
    if (!at) return false;
    const [work, pc, pa, pb] = at;
    const f64 = a instanceof Float64Array;
    const cView = arena.view(c, pc, m * n);
    if (accumulate) cView.set(c.subarray(0, m * n));
    const aView = arena.view(a, pa, depth * m);
    const bView = arena.view(b, pb, depth * n);
    for (let p0 = 0; p0 < k; p0 += depth) {
      const d = Math.min(depth, k - p0);
      aView.set(a.subarray(p0 * m, (p0 + d) * m));
      bView.set(b.subarray(p0 * n, (p0 + d) * n));
      gemmCall(f64, pa, 1, m, pb, n, 1, pc, n, m, d, n, accumulate || p0 > 0, work);
    }
    c.set(cView);
    return true;
  }

  /**
   * C += AᵀA row block by row block, into the upper triangle and then mirrored. A large product is split by
   * columns of the triangle, at n·√(t/threads) so that each thread gets about the same share of its area.
   */
  function syrkByRows(a: FloatArray, c: Float64Array, m: number, n: number): boolean {
    const el = a.BYTES_PER_ELEMENT;
    const rows = chunkLength(Math.max(m, 1), n * el);
    const at = arena.reserve(threads * workBytes, n * n * 8, rows * n * el);
    if (!at) return false;
    const [work, pc, pa] = at;
    const f64 = a instanceof Float64Array;
    const cView = arena.float64(pc, n * n);
    cView.set(c.subarray(0, n * n));
    const aView = arena.view(a, pa, rows * n);
    const split = team !== null && m * n * n >= parallelMinFlops;
    const bounds = Array.from({ length: threads + 1 }, (_, t) => (t === threads ? n : Math.round((n * Math.sqrt(t / threads)) / 4) * 4));
    for (let r0 = 0; r0 < m; r0 += rows) {
      const r = Math.min(rows, m - r0);
      aView.set(a.subarray(r0 * n, (r0 + r) * n));
      if (!split) {
        (f64 ? wasm.syrkF64 : wasm.syrkF32)(pa, pc, r, n, 0, n, work);
        continue;
      }
      runSplit(bounds.slice(1).flatMap((end, t) => (end > bounds[t] ? [{
        fn: f64 ? 'syrkF64' as const : 'syrkF32' as const, args: [pa, pc, r, n, bounds[t], end, work + t * workBytes],
      }] : [])));
    }
    wasm.mirrorUpper(pc, n);
    c.set(cView);
    return true;
  }

  return {
    name,
    gemm(a, b, c, m, k, n, accumulate = false) {
      const ok = m > 0 && k > 0 && n > 0 && sameType(a, b, c) && gemmByRows(a, b, c, m, k, n, accumulate, false);
      if (!ok) jsKernels.gemm(a, b, c, m, k, n, accumulate);
    },
    gemmTN(a, b, c, m, k, n, accumulate = false) {
      const ok = m > 0 && k > 0 && n > 0 && sameType(a, b, c) && gemmTNByDepth(a, b, c, m, k, n, accumulate);
      if (!ok) jsKernels.gemmTN(a, b, c, m, k, n, accumulate);
    },
    gemmNT(a, b, c, m, k, n, accumulate = false) {
      const ok = m > 0 && k > 0 && n > 0 && sameType(a, b, c) && gemmByRows(a, b, c, m, k, n, accumulate, true);
      if (!ok) jsKernels.gemmNT(a, b, c, m, k, n, accumulate);
    },
    syrk(a, c, m, n) {
      if (n > 0 && !syrkByRows(a, c, m, n)) jsKernels.syrk(a, c, m, n);
    },
    biasActivation(x, bias, out, rows, cols, activation, alpha) {
      const code = wasmActivationCode(activation);
      const length = rows * cols;
      const typed = allFloat32(x, out) && (bias === null || bias instanceof Float32Array);
      const at = code !== null && typed && length > 0 ? arena.reserve(length * 4, cols * 4, threads * 64) : null;
      if (!at || code === null) return jsKernels.biasActivation(x, bias, out, rows, cols, activation, alpha);
      const [px, pb, tails] = at;
      const xView = arena.view(x, px, length);
      xView.set(x.subarray(0, length));
      if (bias) arena.view(bias, pb, cols).set(bias.subarray(0, cols));
      if (!team || length < PARALLEL_MIN_ELEMENTS * (parallelMinFlops / PARALLEL_MIN_FLOPS)) {
        wasm.biasActivation(px, bias ? pb : 0, px, rows, cols, code, alpha, tails);
      } else {
        runSplit(splitRange(rows, threads, 1).map(([start, end], t) => ({
          fn: 'biasActivation',
          args: [px + start * cols * 4, bias ? pb : 0, px + start * cols * 4, end - start, cols, code, alpha, tails + t * 64],
        })));
      }
      out.set(xView);
    },
    activationBackward(x, y, dy, dx, length, activation, alpha) {
      const code = wasmActivationCode(activation);
      const typed = allFloat32(x, y, dy, dx);
      const at = code !== null && typed && length > 0 ? arena.reserve(length * 4, length * 4, length * 4) : null;
      if (!at || code === null) return jsKernels.activationBackward(x, y, dy, dx, length, activation, alpha);
      const [px, py, pd] = at;
      arena.view(x, px, length).set(x.subarray(0, length));
      arena.view(y, py, length).set(y.subarray(0, length));
      const dView = arena.view(dy, pd, length);
      dView.set(dy.subarray(0, length));
      wasm.activationBackward(px, py, pd, pd, length, code, alpha);
      dx.set(dView);
    },
    sumRows(g, out, rows, cols, accumulate = false) {
      const typed = allFloat32(g, out);
      const at = typed && rows * cols > 0 ? arena.reserve(rows * cols * 4, cols * 4) : null;
      if (!at) return jsKernels.sumRows(g, out, rows, cols, accumulate);
      const [pg, po] = at;
      arena.view(g, pg, rows * cols).set(g.subarray(0, rows * cols));
      const outView = arena.view(out, po, cols);
      if (accumulate) outView.set(out.subarray(0, cols));
      wasm.sumRows(pg, po, rows, cols, accumulate ? 1 : 0);
      out.set(outView);
    },
    sumSquares(a) {
      const at = a instanceof Float32Array && a.length > 0 ? arena.reserve(a.length * 4) : null;
      if (!at) return jsKernels.sumSquares(a);
      arena.view(a, at[0], a.length).set(a);
      return wasm.sumSquaresF32(at[0], a.length);
    },
    // One pass over memory either way: copying into wasm would cost more than the work itself.
    allFinite: jsKernels.allFinite,
    adamStep(theta, grad, m, v, vMax, s) {
      const n = theta.length;
      const typed = vMax === null && allFloat32(theta, grad, m, v);
      const at = typed && n > 0 ? arena.reserve(n * 4, n * 4, n * 4, n * 4) : null;
      if (!at) return jsKernels.adamStep(theta, grad, m, v, vMax, s);
      const [pt, pg, pm, pv] = at;
      const views = [arena.view(theta, pt, n), arena.view(grad, pg, n), arena.view(m, pm, n), arena.view(v, pv, n)];
      views[0].set(theta);
      views[1].set(grad);
      views[2].set(m);
      views[3].set(v);
      wasm.adamStepF32(pt, pg, pm, pv, n, s.beta1, s.beta2, s.eps, s.stepSize, s.bias2Sqrt, s.l2, s.shrink);
      theta.set(views[0]);
      m.set(views[2]);
      v.set(views[3]);
    },
  };
}
