// Micro-benchmark of the kernel sets: `npx tsx bench/kernels.ts`. Prints GFLOPS (2·m·k·n / s) for the JS
// reference and both WebAssembly builds (plain SIMD, relaxed SIMD with fused multiply-add); syrk counts the
// flops of the half it computes (2·m·n(n+1)/2); pointwise rows print G elements/s. Single thread, best of runs.
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

/** Best-of-runs seconds for `run`, repeated until about `budget` seconds have elapsed (after one warm-up). */
function bestSeconds(run: () => void, budget: number): number {
  run();
  let best = Infinity;
  const start = performance.now();
  do {
    const t = performance.now();
    run();
    best = Math.min(best, (performance.now() - t) / 1000);
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
const cell = (flops: number, seconds: number | null, width = 12): string =>
  (seconds === null ? '-' : (flops / seconds / 1e9).toFixed(2)).padStart(width);
console.log(`${'case'.padEnd(30)}${'js'.padStart(12)}${'wasm-simd'.padStart(12)}${'wasm-relaxed'.padStart(14)}`);
for (const c of cases) {
  const js = c.jsBudget === null ? null : bestSeconds(() => c.run(jsKernels), c.jsBudget);
  const plain = bestSeconds(() => c.run(simd), 3);
  const fused = bestSeconds(() => c.run(relaxed), 3);
  console.log(`${c.label.padEnd(30)}${cell(c.flops, js)}${cell(c.flops, plain)}${cell(c.flops, fused, 14)}`);
}
