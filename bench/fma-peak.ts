/**
 * The 128-bit SIMD multiply-add peak of this machine as WebAssembly reaches it (the kernel module's fmaPeakF32:
 * independent f32x4 relaxed multiply-add chains, no memory traffic), in GFLOPS on one thread. W3's GFLOPS are
 * reported as a fraction of it, measured in the same process and minute, so the machine's speed drift cancels.
 */
import { setFlagsFromString } from 'node:v8';
import { base64ToBytes } from '../src/engine/math/encode';
import { KERNELS_RELAXED_SIMD_WASM_BASE64, KERNELS_SIMD_WASM_BASE64 } from '../src/engine/math/wasm/kernels-wasm.generated';
import { instantiateSync } from '../src/engine/math/wasm/webassembly-api';

interface PeakExports {
  fmaPeakF32(iterations: number, seed: number): number;
  fmaPeakFlopsPerIteration(): number;
}

/**
 * GFLOPS of `seconds` (about) of the FMA loop, best of a few timings, by wall clock and by process CPU time (see
 * w3); null when the build does not load.
 */
export function fmaPeak(seconds = 0.2, relaxed = true): { gflops: number; cpuGflops: number } | null {
  setFlagsFromString('--experimental-wasm-relaxed-simd');
  const instance = instantiateSync(base64ToBytes(relaxed ? KERNELS_RELAXED_SIMD_WASM_BASE64 : KERNELS_SIMD_WASM_BASE64));
  if (!instance) return null;
  const wasm = instance.exports as unknown as PeakExports;
  const flopsPerIteration = wasm.fmaPeakFlopsPerIteration();
  // Calibrate the iteration count to ~20 ms per timing, then keep the fastest timing (the loop has no data to
  // miss in cache: anything slower than the best is another process taking the core).
  let iterations = 1 << 16;
  for (;;) {
    const t0 = performance.now();
    wasm.fmaPeakF32(iterations, 1);
    if (performance.now() - t0 > 5) break;
    iterations *= 2;
  }
  iterations *= 4;
  const best = { gflops: 0, cpuGflops: 0 };
  const start = performance.now();
  do {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    wasm.fmaPeakF32(iterations, 1);
    const dt = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const flops = iterations * flopsPerIteration;
    best.gflops = Math.max(best.gflops, flops / dt / 1e9);
    best.cpuGflops = Math.max(best.cpuGflops, flops / ((cpu.user + cpu.system) / 1e6) / 1e9);
  } while ((performance.now() - start) / 1000 < seconds);
  return best;
}
