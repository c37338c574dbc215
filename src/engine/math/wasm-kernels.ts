import type { Kernels, PointwiseActivation } from './kernels';
import { jsKernels } from './js-kernels';
import type { FloatArray } from './matrix';
import { base64ToBytes } from './encode';
import { KERNELS_RELAXED_SIMD_WASM_BASE64, KERNELS_SIMD_WASM_BASE64 } from './wasm/kernels-wasm.generated';
import { WasmArena } from './wasm/wasm-arena';
import { instantiateSync, type WasmInstance, type WasmMemory } from './wasm/webassembly-api';

type GemmExport = (
  a: number, rsA: number, csA: number, b: number, rsB: number, csB: number, c: number,
  m: number, k: number, n: number, accumulate: number, work: number,
) => void;

/** Exports of src/engine/math/wasm/assembly (addresses are byte offsets into `memory`). */
interface KernelExports {
  memory: WasmMemory;
  heapBase(): number;
  workspaceBytes(): number;
  gemmF32: GemmExport;
  gemmF64: GemmExport;
  syrkF32(a: number, c: number, rows: number, n: number, work: number): void;
  syrkF64(a: number, c: number, rows: number, n: number, work: number): void;
  mirrorUpper(c: number, n: number): void;
  biasActivation(x: number, bias: number, out: number, rows: number, cols: number, act: number, alpha: number): void;
  activationBackward(x: number, y: number, dy: number, dx: number, length: number, act: number, alpha: number): void;
  sumRows(g: number, out: number, rows: number, cols: number, accumulate: number): void;
  sumSquaresF32(a: number, length: number): number;
  adamStepF32(
    theta: number, grad: number, m: number, v: number, length: number,
    beta1: number, beta2: number, eps: number, stepSize: number, bias2Sqrt: number, l2: number, shrink: number,
  ): void;
}

/** Codes of elementwise.ts; gelu and sin stay on the JavaScript reference. */
const ACTIVATION_CODES: Partial<Record<PointwiseActivation, number>> = {
  linear: 0, relu: 1, leakyRelu: 2, hardlim: 3, elu: 4, sigmoid: 5, tanh: 6,
};

/** 'relaxed-simd' fuses multiply-add (needs Chrome 114+, Electron 25+, Node 22+ or Node 20 with
 * --experimental-wasm-relaxed-simd); 'simd' runs wherever WebAssembly SIMD does. */
export type WasmVariant = 'relaxed-simd' | 'simd';

const VARIANTS: Record<WasmVariant, string> = {
  'relaxed-simd': KERNELS_RELAXED_SIMD_WASM_BASE64,
  simd: KERNELS_SIMD_WASM_BASE64,
};

export interface WasmKernelOptions {
  /** The build to load; by default the fastest one the host accepts. */
  variant?: WasmVariant;
  /** Operands are copied into wasm memory in pieces of about this size, so huge matrices need not fit twice. */
  chunkBytes?: number;
}

function allFloat32(...arrays: FloatArray[]): boolean {
  return arrays.every((a) => a instanceof Float32Array);
}

function sameType(a: FloatArray, ...rest: FloatArray[]): boolean {
  return rest.every((r) => r instanceof Float32Array === a instanceof Float32Array);
}

/**
 * WebAssembly SIMD kernels (float32 f32x4 and float64 f64x2), or null when the host cannot run them.
 * The engine is named after the build: 'wasm-relaxed-simd' or 'wasm-simd'.
 * Each call copies its operands into the module's memory and the result back; shapes and types the module
 * does not cover (gelu, sin, float64 pointwise, empty matrices, memory exhaustion) go to the JS reference.
 */
export function createWasmKernels({ variant, chunkBytes = 32 << 20 }: WasmKernelOptions = {}): Kernels | null {
  const candidates: WasmVariant[] = variant ? [variant] : ['relaxed-simd', 'simd'];
  for (const v of candidates) {
    const instance = instantiateSync(base64ToBytes(VARIANTS[v]));
    if (instance) return wrapInstance(instance, `wasm-${v}`, chunkBytes);
  }
  return null;
}

function wrapInstance(instance: WasmInstance, name: string, chunkBytes: number): Kernels {
  const wasm = instance.exports as unknown as KernelExports;
  const arena = new WasmArena(wasm.memory, Math.ceil(wasm.heapBase() / 64) * 64);
  const workBytes = wasm.workspaceBytes();
  const chunkLength = (total: number, bytesPerUnit: number): number =>
    Math.max(1, Math.min(total, Math.floor(chunkBytes / bytesPerUnit)));

  /** C = A·op(B) in row blocks: B is copied once, A and C a block of rows at a time. */
  function gemmByRows(
    a: FloatArray, b: FloatArray, c: FloatArray, m: number, k: number, n: number, accumulate: boolean, bTransposed: boolean,
  ): boolean {
    const el = a.BYTES_PER_ELEMENT;
    const rows = chunkLength(m, (k + n) * el);
    const at = arena.reserve(workBytes, k * n * el, rows * k * el, rows * n * el);
    if (!at) return false;
    const [work, pb, pa, pc] = at;
    const run = a instanceof Float64Array ? wasm.gemmF64 : wasm.gemmF32;
    arena.view(b, pb, k * n).set(b.subarray(0, k * n));
    const aView = arena.view(a, pa, rows * k);
    const cView = arena.view(c, pc, rows * n);
    for (let r0 = 0; r0 < m; r0 += rows) {
      const r = Math.min(rows, m - r0);
      aView.set(a.subarray(r0 * k, (r0 + r) * k));
      if (accumulate) cView.set(c.subarray(r0 * n, (r0 + r) * n));
      run(pa, k, 1, pb, bTransposed ? 1 : n, bTransposed ? k : 1, pc, r, k, n, accumulate ? 1 : 0, work);
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
    const at = arena.reserve(workBytes, m * n * el, depth * m * el, depth * n * el);
    if (!at) return false;
    const [work, pc, pa, pb] = at;
    const run = a instanceof Float64Array ? wasm.gemmF64 : wasm.gemmF32;
    const cView = arena.view(c, pc, m * n);
    if (accumulate) cView.set(c.subarray(0, m * n));
    const aView = arena.view(a, pa, depth * m);
    const bView = arena.view(b, pb, depth * n);
    for (let p0 = 0; p0 < k; p0 += depth) {
      const d = Math.min(depth, k - p0);
      aView.set(a.subarray(p0 * m, (p0 + d) * m));
      bView.set(b.subarray(p0 * n, (p0 + d) * n));
      run(pa, 1, m, pb, n, 1, pc, m, d, n, accumulate || p0 > 0 ? 1 : 0, work);
    }
    c.set(cView);
    return true;
  }

  function syrkByRows(a: FloatArray, c: Float64Array, m: number, n: number): boolean {
    const el = a.BYTES_PER_ELEMENT;
    const rows = chunkLength(Math.max(m, 1), n * el);
    const at = arena.reserve(workBytes, n * n * 8, rows * n * el);
    if (!at) return false;
    const [work, pc, pa] = at;
    const run = a instanceof Float64Array ? wasm.syrkF64 : wasm.syrkF32;
    const cView = arena.float64(pc, n * n);
    cView.set(c.subarray(0, n * n));
    const aView = arena.view(a, pa, rows * n);
    for (let r0 = 0; r0 < m; r0 += rows) {
      const r = Math.min(rows, m - r0);
      aView.set(a.subarray(r0 * n, (r0 + r) * n));
      run(pa, pc, r, n, work);
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
      const code = ACTIVATION_CODES[activation];
      const length = rows * cols;
      const typed = allFloat32(x, out) && (bias === null || bias instanceof Float32Array);
      const at = code !== undefined && typed && length > 0 ? arena.reserve(length * 4, cols * 4) : null;
      if (!at) return jsKernels.biasActivation(x, bias, out, rows, cols, activation, alpha);
      const [px, pb] = at;
      const xView = arena.view(x, px, length);
      xView.set(x.subarray(0, length));
      if (bias) arena.view(bias, pb, cols).set(bias.subarray(0, cols));
      wasm.biasActivation(px, bias ? pb : 0, px, rows, cols, code as number, alpha);
      out.set(xView);
    },
    activationBackward(x, y, dy, dx, length, activation, alpha) {
      const code = ACTIVATION_CODES[activation];
      const typed = allFloat32(x, y, dy, dx);
      const at = code !== undefined && typed && length > 0 ? arena.reserve(length * 4, length * 4, length * 4) : null;
      if (!at) return jsKernels.activationBackward(x, y, dy, dx, length, activation, alpha);
      const [px, py, pd] = at;
      arena.view(x, px, length).set(x.subarray(0, length));
      arena.view(y, py, length).set(y.subarray(0, length));
      const dView = arena.view(dy, pd, length);
      dView.set(dy.subarray(0, length));
      wasm.activationBackward(px, py, pd, pd, length, code as number, alpha);
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
