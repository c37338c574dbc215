// Micro-benchmark of the kernel sets: `npx tsx bench/kernels.ts`. Prints GFLOPS (2·m·k·n / s) for the JS
// reference and both WebAssembly builds (plain SIMD, relaxed SIMD with fused multiply-add); syrk counts the
// flops of the half it computes (2·m·n(n+1)/2), tridiagonalize 4/3·n³; pointwise rows print G elements/s.
// Single thread, best of runs.
import { setFlagsFromString } from 'node:v8';
import type { Kernels } from '../src/engine/math/kernels';
import { jsKernels } from '../src/engine/math/js-kernels';
import { Rng } from '../src/engine/math/random';
import { createWasmKernels } from '../src/engine/math/wasm-kernels';

function randomArray(length: number, rng: Rng): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = rng.uniform(-1, 1);
  return out;
}

interface Timing {
  wall: number;
  /** Process CPU seconds: on a shared machine this shows the kernel's own speed when wall time is inflated. */
  cpu: number;
}

const cpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/**
 * Best-of-samples wall and CPU seconds per call of `run`, sampling for about `budget` seconds after a warm-up.
 * Short calls are repeated within a sample so each lasts ≥ 20 ms (CPU time has coarse resolution).
 */
function bestTiming(run: () => void, budget: number): Timing {
  const t0 = performance.now();
  run();
  const reps = Math.max(1, Math.ceil(20 / Math.max(performance.now() - t0, 1e-3)));
  const best = { wall: Infinity, cpu: Infinity };
  const start = performance.now();
  do {
    const t = performance.now();
    const c = cpuSeconds();
    for (let r = 0; r < reps; r++) run();
    best.wall = Math.min(best.wall, (performance.now() - t) / 1000 / reps);
    best.cpu = Math.min(best.cpu, (cpuSeconds() - c) / reps);
  } while ((performance.now() - start) / 1000 < budget);
  return best;
}

interface Case {
  label: string;
  flops: number;
  /** Skip the JS reference when it would take too long to be worth measuring. */
  jsBudget: number | null;
  run(k: Kernels): void;
}

const rng = new Rng(1);
const cases: Case[] = [];
for (const [m, k, n] of [[64, 784, 256], [1024, 1024, 1024]]) {
  const a = randomArray(m * k, rng);
  const b = randomArray(k * n, rng);
  const c = new Float32Array(m * n);
  const bt = randomArray(n * k, rng);
  const at = randomArray(k * m, rng);
  const flops = 2 * m * k * n;
  cases.push(
    { label: `gemm   ${m}×${k}·${k}×${n}`, flops, jsBudget: 2, run: (K) => K.gemm(a, b, c, m, k, n) },
    { label: `gemmTN ${m}×${k}·${k}×${n}`, flops, jsBudget: 2, run: (K) => K.gemmTN(at, b, c, m, k, n) },
    { label: `gemmNT ${m}×${k}·${k}×${n}`, flops, jsBudget: 2, run: (K) => K.gemmNT(a, bt, c, m, k, n) },
  );
}
{
  const [m, n] = [20000, 1000];
  const a = randomArray(m * n, rng);
  const c = new Float64Array(n * n);
  cases.push({ label: `syrk f32→f64 ${m}×${n}`, flops: m * n * (n + 1), jsBudget: null, run: (K) => K.syrk(a, c, m, n) });
}
for (const n of [500, 1000]) {
  // Householder tridiagonalization (the eigensolver's n³ part): 4/3·n³ flops; the input is copied per call.
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rng.uniform(-1, 1);
  const [w, d, e, tau] = [new Float64Array(n * n), new Float64Array(n), new Float64Array(n - 1), new Float64Array(n - 1)];
  cases.push({
    label: `tridiagonalize f64 ${n}`, flops: (4 / 3) * n ** 3, jsBudget: n <= 500 ? 2 : null,
    run: (K) => { w.set(a); K.tridiagonalize(w, n, d, e, tau); },
  });
}
{
  const [rows, cols] = [64, 256];
  const x = randomArray(rows * cols, rng);
  const y = new Float32Array(rows * cols);
  const bias = randomArray(cols, rng);
  const dy = randomArray(rows * cols, rng);
  const dx = new Float32Array(rows * cols);
  const out = new Float32Array(cols);
  for (const act of ['relu', 'sigmoid', 'tanh'] as const) {
    cases.push({ label: `bias+${act} ${rows}×${cols}`, flops: rows * cols, jsBudget: 0.5, run: (K) => K.biasActivation(x, bias, y, rows, cols, act, 0) });
    cases.push({ label: `backward ${act} ${rows}×${cols}`, flops: rows * cols, jsBudget: 0.5, run: (K) => K.activationBackward(x, y, dy, dx, rows * cols, act, 0) });
  }
  cases.push({ label: `sumRows ${rows}×${cols}`, flops: rows * cols, jsBudget: 0.5, run: (K) => K.sumRows(dy, out, rows, cols) });
}

setFlagsFromString('--experimental-wasm-relaxed-simd'); // Node 20; the default from Node 22 and in Electron
const simd = createWasmKernels({ variant: 'simd' });
const relaxed = createWasmKernels({ variant: 'relaxed-simd' });
if (!simd || !relaxed) throw new Error('WebAssembly SIMD kernels are unavailable in this host');
const rate = (flops: number, seconds: number): string => (flops / seconds / 1e9).toFixed(2);
const cell = (flops: number, t: Timing | null): string =>
  (t === null ? '-' : `${rate(flops, t.wall)} (${rate(flops, t.cpu)})`).padStart(18);
console.log('GFLOPS by wall clock (by process CPU time); pointwise rows: G elements/s');
console.log(`${'case'.padEnd(30)}${'js'.padStart(18)}${'wasm-simd'.padStart(18)}${'wasm-relaxed-simd'.padStart(18)}`);
for (const c of cases) {
  const js = c.jsBudget === null ? null : bestTiming(() => c.run(jsKernels), c.jsBudget);
  const plain = bestTiming(() => c.run(simd), 3);
  const fused = bestTiming(() => c.run(relaxed), 3);
  console.log(`${c.label.padEnd(30)}${cell(c.flops, js)}${cell(c.flops, plain)}${cell(c.flops, fused)}`);
}
