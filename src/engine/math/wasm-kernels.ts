import { wasmActivationCode, type PointwiseActivation } from '../catalog/activations';
import type { AdamStepScalars, AdamTensors, Kernels } from './kernels';
import { jsKernels } from './js-kernels';
import { allocArray, type FloatArray } from './matrix';
import { base64ToBytes } from './encode';
import type { ExportCall, KernelTeam, StartKernelTeam } from './wasm/kernel-team';
import {
  KERNELS_RELAXED_SIMD_SHARED_WASM_BASE64, KERNELS_RELAXED_SIMD_WASM_BASE64, KERNELS_SIMD_SHARED_WASM_BASE64,
  KERNELS_SIMD_WASM_BASE64,
} from './wasm/kernels-wasm.generated';
import { WasmArena } from './wasm/wasm-arena';
import {
  rankOneEigenInWasm, tridiagonalizeInWasm, type TridiagonalContext, type TridiagonalExports,
} from './wasm/wasm-tridiagonal';
import {
  compileSync, createSharedMemory, instantiate, instantiateSync, type WasmInstance, type WasmMemory, type WasmModule,
} from './wasm/webassembly-api';

type GemmExport = (
  a: number, rsA: number, csA: number, b: number, rsB: number, csB: number, c: number, ldc: number,
  m: number, k: number, n: number, accumulate: number, work: number,
) => void;

/** Exports of src/engine/math/wasm/assembly (addresses are byte offsets into `memory`). */
interface KernelExports extends TridiagonalExports {
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
  sumSquaresBlocksF32(a: number, length: number, block: number, first: number, last: number, out: number): void;
  adamStepF32(
    theta: number, grad: number, m: number, v: number, length: number,
    beta1: number, beta2: number, eps: number, stepSize: number, bias2Sqrt: number, l2: number, shrink: number,
  ): void;
  adamStepsF32(
    table: number, count: number,
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
 * Below this many floating-point operations a product stays on one thread. With the team polling between calls
 * and taking back a half its helper has not started (src/main/engine-host/kernel-team.ts), handing half of a
 * product to a helper costs a few µs, so a split gains from about 0.1 ms of work (4·10⁶ flops at ~45 GFLOPS):
 * W1's 256 × 128 layer at batch 64 (4.2·10⁶) splits, a small MLP's products do not. (At 1.2·10⁷, the threshold
 * while a wake-up cost 30–300 µs, W1 ran 43.7k–48.3k samples/s against 46.3k–49.2k, timed alternately.)
 */
const PARALLEL_MIN_FLOPS = 4e6;
/** The same for pointwise kernels, in elements (a sigmoid costs a few ns each: ~1 ms). */
const PARALLEL_MIN_ELEMENTS = 1 << 19;
/** Elements per block of sumSquares: partial sums added in block order (sumSquaresBlocksF32). */
const SUM_BLOCK = 1 << 14;
/** The same for sumSquares, in elements (a read and a multiply-add each: ~40 µs at 2¹⁷). */
const SUM_SQUARES_PARALLEL_MIN_ELEMENTS = 1 << 17;
/** The same for Adam, in elements (a square root and a division in float64, ~4.5 ns each: ~0.6 ms). */
const ADAM_PARALLEL_MIN_ELEMENTS = 1 << 17;

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
 * A call whose operands are all resident (allocate) works on them in place; any other call copies its operands
 * into the module's memory and the result back. Shapes and types the module
 * does not cover (gelu, sin, float64 pointwise, empty matrices, memory exhaustion) go to the JS reference.
 * Throws when the module's exports are not the ones this file calls (see kernelExports).
 */
export function createWasmKernels(options: WasmKernelOptions = {}): Kernels | null {
  const { variant, chunkBytes = 32 << 20, startTeam, parallelMinFlops = PARALLEL_MIN_FLOPS } = options;
  const candidates: WasmVariant[] = variant ? [variant] : ['relaxed-simd', 'simd'];
  for (const v of candidates) {
    const shared = startShared(VARIANTS[v].shared, startTeam);
    if (shared) {
      const threads = shared.team ? ` ×${shared.team.helpers + 1} threads` : '';
      return wrapInstance(shared.instance, `wasm-${v}${threads}`, chunkBytes, shared.team, parallelMinFlops);
    }
    const instance = instantiateSync(base64ToBytes(VARIANTS[v].single));
    if (instance) return wrapInstance(instance, `wasm-${v}`, chunkBytes, null, parallelMinFlops);
  }
  return null;
}

/**
 * The shared-memory build on a new shared memory (which resident arrays need, see WasmArena), with a team when
 * `startTeam` gives one of at least one helper; null when the host refuses shared memory.
 */
function startShared(base64: string, startTeam: StartKernelTeam | undefined): { instance: WasmInstance; team: KernelTeam | null } | null {
  const module = compileSync(base64ToBytes(base64));
  const memory = module ? createSharedMemory(16) : null;
  const instance = module && memory ? instantiate(module, { env: { memory } }) : null;
  if (!module || !memory || !instance) return null;
  const team = startTeam ? startSafely(startTeam, module, memory) : null;
  return { instance, team: team && team.helpers > 0 ? team : null };
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

/**
 * Each function export of the module with its parameter count, checked against the instance (a module built
 * from other sources than this file's fails here, with the names that do not match). Derived from
 * KernelExports, so the two cannot drift: a new export goes into both.
 */
const FUNCTION_EXPORTS = {
  heapBase: 0, workspaceBytes: 0, gemmF32: 13, gemmF64: 13, syrkF32: 7, syrkF64: 7, mirrorUpper: 2,
  biasActivation: 8, activationBackward: 7, sumRows: 5, sumSquaresF32: 2, sumSquaresBlocksF32: 6, adamStepF32: 12, adamStepsF32: 9,
  latrdColumnStart: 9, symvLowerF64: 7, addF64: 3, latrdColumnFinish: 8, syr2kPack: 8, syr2kF64: 8,
  secularRootsF64: 10, secularVectorsF64: 6,
} as const satisfies { [K in Exclude<keyof KernelExports, 'memory'>]: Parameters<KernelExports[K]>['length'] };

function isKernelExports(exports: Record<string, unknown>): exports is Record<string, unknown> & KernelExports {
  return mismatchedExports(exports).length === 0;
}

function mismatchedExports(exports: Record<string, unknown>): string[] {
  const memory = exports.memory;
  const bad = typeof memory === 'object' && memory !== null && 'buffer' in memory ? [] : ['memory'];
  for (const [name, arity] of Object.entries(FUNCTION_EXPORTS)) {
    const fn = exports[name];
    if (typeof fn !== 'function' || fn.length !== arity) bad.push(name);
  }
  return bad;
}

/** The instance's exports, typed; throws when they are not the ones this file calls. */
export function kernelExports(instance: WasmInstance): KernelExports {
  const { exports } = instance;
  if (isKernelExports(exports)) return exports;
  throw new Error(`the WebAssembly kernel module does not match its sources (${mismatchedExports(exports).join(', ')}); rebuild it with npm run build:kernels`);
}

/** What a WebAssembly path returns when it does not take a call (operand types, empty shapes, memory that cannot grow). */
const DECLINED = Symbol('declined');
type Declined = typeof DECLINED;

/**
 * A kernel that runs `wasmPath` and, when that declines, the JavaScript `reference` with the same arguments:
 * the one place a call falls back. Adding a kernel: its exports to KernelExports and FUNCTION_EXPORTS, a
 * `fooInWasm(calls, …)` that returns DECLINED for what the module does not cover, and
 * `foo: orReference(jsKernels.foo, (…) => fooInWasm(calls, …))` in wrapInstance's table.
 */
function orReference<A extends unknown[], R>(reference: (...args: A) => R, wasmPath: (...args: A) => R | Declined): (...args: A) => R {
  return (...args) => {
    const result = wasmPath(...args);
    return result === DECLINED ? reference(...args) : result;
  };
}

/** What the kernel calls of one instance work with. */
interface WasmCalls {
  readonly wasm: KernelExports;
  readonly arena: WasmArena;
  readonly team: KernelTeam | null;
  /** This thread plus the team's helpers. */
  readonly threads: number;
  /** One packing workspace per thread, back to back. */
  readonly workBytes: number;
  readonly chunkBytes: number;
  readonly parallelMinFlops: number;
}

function chunkLength(calls: WasmCalls, total: number, bytesPerUnit: number): number {
  return Math.max(1, Math.min(total, Math.floor(calls.chunkBytes / bytesPerUnit)));
}

/**
 * The addresses of arrays that all live in the module's memory (resident, see Kernels.allocate; null stands for
 * an absent operand, address 0), so the call can work on them in place; null when any must be copied.
 */
function residentAddresses({ arena }: WasmCalls, ...arrays: (FloatArray | null)[]): number[] | null {
  const addresses: number[] = [];
  for (const a of arrays) {
    const at = a === null ? 0 : arena.addressOf(a);
    if (at < 0) return null;
    addresses.push(at);
  }
  return addresses;
}

/** Whether elementwise work of `length` elements is split between the threads (`minimum` at the default threshold). */
function splitsPointwise({ team, parallelMinFlops }: WasmCalls, length: number, minimum: number): boolean {
  return team !== null && length >= minimum * (parallelMinFlops / PARALLEL_MIN_FLOPS);
}

/** Runs parts[0] here and the rest on the team's helpers (parts.length ≤ threads). */
function runSplit({ wasm, team }: WasmCalls, parts: ExportCall[]): void {
  const local = () => (wasm[parts[0].fn] as (...args: number[]) => void)(...parts[0].args);
  if (parts.length === 1 || !team) local();
  else team.run(parts.slice(1), local);
}

/**
 * One gemm, split between the threads when it is large enough: by rows of C when m ≥ n (each thread then
 * packs all of B, the smaller operand), by columns otherwise (each packs all of A). Small products call
 * the export directly: for tiny networks any allocation here would show in the per-batch time.
 */
function gemmCall(
  calls: WasmCalls, f64: boolean, a: number, rsA: number, csA: number, b: number, rsB: number, csB: number, c: number, ldc: number,
  m: number, k: number, n: number, accumulate: boolean, work: number,
): void {
  const { wasm, team, threads, workBytes } = calls;
  const beta = accumulate ? 1 : 0;
  if (!team || 2 * m * k * n < calls.parallelMinFlops) {
    (f64 ? wasm.gemmF64 : wasm.gemmF32)(a, rsA, csA, b, rsB, csB, c, ldc, m, k, n, beta, work);
    return;
  }
  const el = f64 ? 8 : 4;
  const byRows = m >= n;
  runSplit(calls, splitRange(byRows ? m : n, threads, 8).map(([start, end], t) => ({
    fn: f64 ? 'gemmF64' : 'gemmF32',
    args: byRows
      ? [a + start * rsA * el, rsA, csA, b, rsB, csB, c + start * ldc * el, ldc, end - start, k, n, beta, work + t * workBytes]
      : [a, rsA, csA, b + start * csB * el, rsB, csB, c + start * el, ldc, m, k, end - start, beta, work + t * workBytes],
  })));
}

/** C[m×n] = op(A)·op(B) on operands that are all resident, in place (strides as gemmCall's); null when they are not. */
function productInPlace(
  calls: WasmCalls, a: FloatArray, rsA: number, csA: number, b: FloatArray, rsB: number, csB: number, c: FloatArray,
  m: number, k: number, n: number, accumulate: boolean,
): Declined | undefined | null {
  const inPlace = residentAddresses(calls, a, b, c);
  if (!inPlace) return null;
  const work = calls.arena.reserve(calls.threads * calls.workBytes);
  if (!work) return DECLINED;
  gemmCall(calls, a instanceof Float64Array, inPlace[0], rsA, csA, inPlace[1], rsB, csB, inPlace[2], n, m, k, n, accumulate, work[0]);
}

/** C = A·op(B) in row blocks: B is copied once, A and C a block of rows at a time. */
function gemmByRows(
  calls: WasmCalls, a: FloatArray, b: FloatArray, c: FloatArray, m: number, k: number, n: number, accumulate: boolean, bTransposed: boolean,
): Declined | undefined {
  const inPlace = productInPlace(calls, a, k, 1, b, bTransposed ? 1 : n, bTransposed ? k : 1, c, m, k, n, accumulate);
  if (inPlace !== null) return inPlace;
  const { arena, threads, workBytes } = calls;
  const f64 = a instanceof Float64Array;
  const el = a.BYTES_PER_ELEMENT;
  const rows = chunkLength(calls, m, (k + n) * el);
  const at = arena.reserve(threads * workBytes, k * n * el, rows * k * el, rows * n * el);
  if (!at) return DECLINED;
  const [work, pb, pa, pc] = at;
  arena.view(b, pb, k * n).set(b.subarray(0, k * n));
  const aView = arena.view(a, pa, rows * k);
  const cView = arena.view(c, pc, rows * n);
  for (let r0 = 0; r0 < m; r0 += rows) {
    const r = Math.min(rows, m - r0);
    aView.set(a.subarray(r0 * k, (r0 + r) * k));
    if (accumulate) cView.set(c.subarray(r0 * n, (r0 + r) * n));
    gemmCall(calls, f64, pa, k, 1, pb, bTransposed ? 1 : n, bTransposed ? k : 1, pc, n, r, k, n, accumulate, work);
    c.set(cView.subarray(0, r * n), r0 * n);
  }
}

/** C = Aᵀ·B in blocks of the shared dimension: C stays in wasm memory and accumulates. */
function gemmTNByDepth(
  calls: WasmCalls, a: FloatArray, b: FloatArray, c: FloatArray, m: number, k: number, n: number, accumulate: boolean,
): Declined | undefined {
  const inPlace = productInPlace(calls, a, 1, m, b, n, 1, c, m, k, n, accumulate);
  if (inPlace !== null) return inPlace;
  const { arena, threads, workBytes } = calls;
  const f64 = a instanceof Float64Array;
  const el = a.BYTES_PER_ELEMENT;
  const depth = chunkLength(calls, k, (m + n) * el);
  const at = arena.reserve(threads * workBytes, m * n * el, depth * m * el, depth * n * el);
  if (!at) return DECLINED;
  const [work, pc, pa, pb] = at;
  const cView = arena.view(c, pc, m * n);
  if (accumulate) cView.set(c.subarray(0, m * n));
  const aView = arena.view(a, pa, depth * m);
  const bView = arena.view(b, pb, depth * n);
  for (let p0 = 0; p0 < k; p0 += depth) {
    const d = Math.min(depth, k - p0);
    aView.set(a.subarray(p0 * m, (p0 + d) * m));
    bView.set(b.subarray(p0 * n, (p0 + d) * n));
    gemmCall(calls, f64, pa, 1, m, pb, n, 1, pc, n, m, d, n, accumulate || p0 > 0, work);
  }
  c.set(cView);
}

/**
 * C += AᵀA row block by row block, into the upper triangle and then mirrored. A large product is split by
 * columns of the triangle, at n·√(t/threads) so that each thread gets about the same share of its area.
 */
function syrkByRows(calls: WasmCalls, a: FloatArray, c: Float64Array, m: number, n: number): Declined | undefined {
  const { wasm, arena, team, threads, workBytes } = calls;
  const el = a.BYTES_PER_ELEMENT;
  const rows = chunkLength(calls, Math.max(m, 1), n * el);
  const at = arena.reserve(threads * workBytes, n * n * 8, rows * n * el);
  if (!at) return DECLINED;
  const [work, pc, pa] = at;
  const f64 = a instanceof Float64Array;
  const cView = arena.float64(pc, n * n);
  cView.set(c.subarray(0, n * n));
  const aView = arena.view(a, pa, rows * n);
  const split = team !== null && m * n * n >= calls.parallelMinFlops;
  const bounds = Array.from({ length: threads + 1 }, (_, t) => (t === threads ? n : Math.round((n * Math.sqrt(t / threads)) / 4) * 4));
  for (let r0 = 0; r0 < m; r0 += rows) {
    const r = Math.min(rows, m - r0);
    aView.set(a.subarray(r0 * n, (r0 + r) * n));
    if (!split) {
      (f64 ? wasm.syrkF64 : wasm.syrkF32)(pa, pc, r, n, 0, n, work);
      continue;
    }
    runSplit(calls, bounds.slice(1).flatMap((end, t) => (end > bounds[t] ? [{
      fn: f64 ? 'syrkF64' as const : 'syrkF32' as const, args: [pa, pc, r, n, bounds[t], end, work + t * workBytes],
    }] : [])));
  }
  wasm.mirrorUpper(pc, n);
  c.set(cView);
}

/** out = f(x + bias) rowwise; split by rows between the threads when large. */
function biasActivationInWasm(
  calls: WasmCalls, x: FloatArray, bias: FloatArray | null, out: FloatArray, rows: number, cols: number,
  activation: PointwiseActivation, alpha: number,
): Declined | undefined {
  const { wasm, arena, threads } = calls;
  const code = wasmActivationCode(activation);
  const length = rows * cols;
  const typed = allFloat32(x, out) && (bias === null || bias instanceof Float32Array);
  if (code === null || !typed || length === 0) return DECLINED;
  const inPlace = residentAddresses(calls, x, bias, out);
  const at = arena.reserve(inPlace ? 0 : length * 4, inPlace ? 0 : cols * 4, threads * 64);
  if (!at) return DECLINED;
  const [px, pb, po] = inPlace ?? [at[0], at[1], at[0]];
  const tails = at[2];
  if (!inPlace) {
    arena.view(x, px, length).set(x.subarray(0, length));
    if (bias) arena.view(bias, pb, cols).set(bias.subarray(0, cols));
  }
  const pBias = bias ? pb : 0;
  if (!splitsPointwise(calls, length, PARALLEL_MIN_ELEMENTS)) {
    wasm.biasActivation(px, pBias, po, rows, cols, code, alpha, tails);
  } else {
    runSplit(calls, splitRange(rows, threads, 1).map(([start, end], t) => ({
      fn: 'biasActivation',
      args: [px + start * cols * 4, pBias, po + start * cols * 4, end - start, cols, code, alpha, tails + t * 64],
    })));
  }
  if (!inPlace) out.set(arena.view(out, po, length));
}

function activationBackwardInWasm(
  calls: WasmCalls, x: FloatArray, y: FloatArray, dy: FloatArray, dx: FloatArray, length: number,
  activation: PointwiseActivation, alpha: number,
): Declined | undefined {
  const { wasm, arena } = calls;
  const code = wasmActivationCode(activation);
  if (code === null || !allFloat32(x, y, dy, dx) || length === 0) return DECLINED;
  const inPlace = residentAddresses(calls, x, y, dy, dx);
  if (inPlace) {
    const [px, py, pdy, pdx] = inPlace;
    wasm.activationBackward(px, py, pdy, pdx, length, code, alpha);
    return;
  }
  const at = arena.reserve(length * 4, length * 4, length * 4);
  if (!at) return DECLINED;
  const [px, py, pd] = at;
  arena.view(x, px, length).set(x.subarray(0, length));
  arena.view(y, py, length).set(y.subarray(0, length));
  const dView = arena.view(dy, pd, length);
  dView.set(dy.subarray(0, length));
  wasm.activationBackward(px, py, pd, pd, length, code, alpha);
  dx.set(dView);
}

function sumRowsInWasm(
  calls: WasmCalls, g: FloatArray, out: FloatArray, rows: number, cols: number, accumulate: boolean,
): Declined | undefined {
  const { wasm, arena } = calls;
  if (!allFloat32(g, out) || rows * cols === 0) return DECLINED;
  const inPlace = residentAddresses(calls, g, out);
  if (inPlace) {
    wasm.sumRows(inPlace[0], inPlace[1], rows, cols, accumulate ? 1 : 0);
    return;
  }
  const at = arena.reserve(rows * cols * 4, cols * 4);
  if (!at) return DECLINED;
  const [pg, po] = at;
  arena.view(g, pg, rows * cols).set(g.subarray(0, rows * cols));
  const outView = arena.view(out, po, cols);
  if (accumulate) outView.set(out.subarray(0, cols));
  wasm.sumRows(pg, po, rows, cols, accumulate ? 1 : 0);
  out.set(outView);
}

/**
 * Σ a² as the sum, in block order, of the squares of blocks of SUM_BLOCK elements (sumSquaresBlocksF32): the blocks
 * of a long array are split between the threads (for a resident gradient, each mostly sums the rows a split product
 * just wrote in its own cache) and the total is the same bits on any number of threads.
 */
function sumSquaresInWasm(calls: WasmCalls, a: FloatArray): number | Declined {
  const { wasm, arena, threads } = calls;
  const n = a.length;
  if (!(a instanceof Float32Array) || n === 0) return DECLINED;
  const resident = arena.addressOf(a);
  // One block: its sum is the total.
  if (n <= SUM_BLOCK && resident >= 0) return wasm.sumSquaresF32(resident, n);
  const blocks = Math.ceil(n / SUM_BLOCK);
  const at = arena.reserve(blocks * 8, resident >= 0 ? 0 : n * 4);
  if (!at) return DECLINED;
  const [partials, copy] = at;
  const address = resident >= 0 ? resident : copy;
  if (resident < 0) arena.view(a, copy, n).set(a);
  const shares = splitsPointwise(calls, n, SUM_SQUARES_PARALLEL_MIN_ELEMENTS) ? threads : 1;
  runSplit(calls, splitRange(blocks, shares, 1).map(([first, last]): ExportCall => ({
    fn: 'sumSquaresBlocksF32', args: [address, n, SUM_BLOCK, first, last, partials],
  })));
  const sums = arena.float64(partials, blocks);
  let total = 0;
  for (let b = 0; b < blocks; b++) total += sums[b];
  return total;
}

/** Bytes per tensor in adamStepsF32's table: θ, grad, m, v addresses and the length, as i32. */
const ADAM_TABLE_ROW = 20;

/**
 * adamStepsF32's table rows for the resident tensors (their θ, grad, m, v addresses), cut into `parts` runs of
 * about equal element counts, each a table of its own: [first row, row count] per part. Cuts fall on multiples
 * of 4 elements (whole vectors; the float64 kernel takes pairs).
 */
function adamTables(table: Uint32Array, addresses: number[][], lengths: number[], parts: number): Array<[number, number]> {
  const total = lengths.reduce((a, b) => a + b, 0);
  const bounds = splitRange(total, parts, 4);
  const tables: Array<[number, number]> = [];
  let row = 0;
  for (const [start, end] of bounds) {
    const first = row;
    let offset = 0;
    addresses.forEach((at, i) => {
      const lo = Math.max(start, offset);
      const hi = Math.min(end, offset + lengths[i]);
      if (hi > lo) table.set([...at.map((a) => a + (lo - offset) * 4), hi - lo], (row++) * (ADAM_TABLE_ROW / 4));
      offset += lengths[i];
    });
    tables.push([first, row - first]);
  }
  return tables;
}

/**
 * All tensors in one call when every buffer is resident (split between the threads when large); otherwise each
 * copied in and out in turn. Declines before touching any tensor (amsgrad, float64, memory that cannot grow), so
 * the reference never sees a half-done step.
 */
function adamStepInWasm(calls: WasmCalls, tensors: readonly AdamTensors[], s: AdamStepScalars): Declined | undefined {
  const { wasm, arena, threads } = calls;
  if (!tensors.every((t) => t.vMax === null && allFloat32(t.theta, t.grad, t.m, t.v))) return DECLINED;
  const scalars = [s.beta1, s.beta2, s.eps, s.stepSize, s.bias2Sqrt, s.l2, s.shrink] as const;
  const resident = tensors.map((t) => residentAddresses(calls, t.theta, t.grad, t.m, t.v));
  if (resident.every((r) => r !== null)) {
    const lengths = tensors.map((t) => t.theta.length);
    const shares = splitsPointwise(calls, lengths.reduce((a, b) => a + b, 0), ADAM_PARALLEL_MIN_ELEMENTS) ? threads : 1;
    const at = arena.reserve((tensors.length + shares) * ADAM_TABLE_ROW);
    if (!at) return DECLINED;
    const table = arena.uint32(at[0], (tensors.length + shares) * (ADAM_TABLE_ROW / 4));
    const parts = adamTables(table, resident as number[][], lengths, shares).map(([first, count]): ExportCall => ({
      fn: 'adamStepsF32', args: [at[0] + first * ADAM_TABLE_ROW, count, ...scalars],
    }));
    if (parts.length > 0) runSplit(calls, parts);
    return;
  }
  const longest = Math.max(0, ...tensors.map((t) => t.theta.length));
  const at = arena.reserve(longest * 4, longest * 4, longest * 4, longest * 4);
  if (!at) return DECLINED;
  const [pt, pg, pm, pv] = at;
  for (const { theta, grad, m, v } of tensors) {
    const n = theta.length;
    if (n === 0) continue;
    const views = [arena.view(theta, pt, n), arena.view(grad, pg, n), arena.view(m, pm, n), arena.view(v, pv, n)];
    views[0].set(theta);
    views[1].set(grad);
    views[2].set(m);
    views[3].set(v);
    wasm.adamStepF32(pt, pg, pm, pv, n, ...scalars);
    theta.set(views[0]);
    m.set(views[2]);
    v.set(views[3]);
  }
}

/** What the blocked tridiagonal reduction and the secular solver need of this instance. */
function tridiagonalContext(calls: WasmCalls): TridiagonalContext {
  return {
    wasm: calls.wasm, arena: calls.arena, runSplit: (parts) => runSplit(calls, parts), threads: calls.threads,
    workBytes: calls.workBytes, splitFlops: calls.parallelMinFlops,
  };
}

/** A product the module computes: no empty dimension, operands of one element type. */
function coveredProduct(m: number, k: number, n: number, a: FloatArray, ...rest: FloatArray[]): boolean {
  return m > 0 && k > 0 && n > 0 && sameType(a, ...rest);
}

/** The kernels table on one instance: each kernel's WebAssembly path above, the reference where it declines. */
function wrapInstance(
  instance: WasmInstance, name: string, chunkBytes: number, team: KernelTeam | null, parallelMinFlops: number,
): Kernels {
  const wasm = kernelExports(instance);
  const arena = new WasmArena(wasm.memory, wasm.heapBase());
  const calls: WasmCalls = {
    wasm, team, chunkBytes, parallelMinFlops, arena,
    threads: 1 + (team?.helpers ?? 0),
    workBytes: Math.ceil(wasm.workspaceBytes() / 64) * 64,
  };
  return {
    name,
    allocate: (dtype, length) => arena.resident(dtype, length) ?? allocArray(dtype, length),
    gemm: orReference(jsKernels.gemm, (a, b, c, m, k, n, accumulate = false) =>
      (coveredProduct(m, k, n, a, b, c) ? gemmByRows(calls, a, b, c, m, k, n, accumulate, false) : DECLINED)),
    gemmTN: orReference(jsKernels.gemmTN, (a, b, c, m, k, n, accumulate = false) =>
      (coveredProduct(m, k, n, a, b, c) ? gemmTNByDepth(calls, a, b, c, m, k, n, accumulate) : DECLINED)),
    gemmNT: orReference(jsKernels.gemmNT, (a, b, c, m, k, n, accumulate = false) =>
      (coveredProduct(m, k, n, a, b, c) ? gemmByRows(calls, a, b, c, m, k, n, accumulate, true) : DECLINED)),
    // An empty C has nothing to add to: neither path runs.
    syrk: orReference(jsKernels.syrk, (a, c, m, n) => (n > 0 ? syrkByRows(calls, a, c, m, n) : undefined)),
    biasActivation: orReference(jsKernels.biasActivation, (x, bias, out, rows, cols, activation, alpha) =>
      biasActivationInWasm(calls, x, bias, out, rows, cols, activation, alpha)),
    activationBackward: orReference(jsKernels.activationBackward, (x, y, dy, dx, length, activation, alpha) =>
      activationBackwardInWasm(calls, x, y, dy, dx, length, activation, alpha)),
    sumRows: orReference(jsKernels.sumRows, (g, out, rows, cols, accumulate = false) => sumRowsInWasm(calls, g, out, rows, cols, accumulate)),
    sumSquares: orReference(jsKernels.sumSquares, (a) => sumSquaresInWasm(calls, a)),
    // One pass over memory either way: copying into wasm would cost more than the work itself.
    allFinite: jsKernels.allFinite,
    tridiagonalize: orReference(jsKernels.tridiagonalize, (a, n, d, e, tau) =>
      (n > 0 && tridiagonalizeInWasm(tridiagonalContext(calls), a, n, d, e, tau) ? undefined : DECLINED)),
    rankOneEigen: orReference(jsKernels.rankOneEigen, (d, z, rho, lambda, vectors) =>
      (d.length > 0 && rankOneEigenInWasm(tridiagonalContext(calls), d, z, rho, lambda, vectors) ? undefined : DECLINED)),
    adamStep: orReference(jsKernels.adamStep, (tensors, s) => adamStepInWasm(calls, tensors, s)),
  };
}
