import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { setKernels } from '../../engine/math/kernels';
import { selectKernels } from '../../engine/math/select-kernels';
import { kernelTeamStarter } from './kernel-team';

/** Beyond a few threads the single-threaded copies around each product dominate, and other runs need cores. */
const MAX_THREADS = 4;

/** Threads for one engine process: NW_THREADS when set (1 = no helpers), else the cores, up to MAX_THREADS. */
function kernelThreads(env: NodeJS.ProcessEnv = process.env): number {
  const asked = Number(env.NW_THREADS);
  return Number.isInteger(asked) && asked >= 1 ? asked : Math.min(availableParallelism(), MAX_THREADS);
}

/**
 * Picks the kernel set for this process: WebAssembly SIMD when it passes its self-check, with helper threads
 * for large products (kernelThreads), else the reference kernels. `NW_KERNELS=js` forces the reference kernels
 * (CI runs the engine tests both ways).
 * Called once per process by the engine host, the CLI, the bench and the test setup. A fallback (WebAssembly
 * did not load or failed its self-check: training some 50× slower) is written to stderr here, once, and is part
 * of the returned name, which the app shows ("js (WebAssembly failed its self-check: …)").
 */
export function configureKernels(env: NodeJS.ProcessEnv = process.env): string {
  // Node 20 has relaxed SIMD (fused multiply-add, ~25 % faster matmuls) behind a flag; Electron 45 and
  // Node 22+ enable it by default. It must be set before the first module is compiled.
  setFlagsFromString('--experimental-wasm-relaxed-simd');
  const threads = kernelThreads(env);
  const { kernels: chosen, fallback } = selectKernels({
    forceJs: env.NW_KERNELS === 'js',
    startTeam: threads > 1 ? kernelTeamStarter(threads - 1) : undefined,
  });
  setKernels(chosen);
  if (!fallback) return chosen.name;
  process.stderr.write(`Neural Workbench: the engine runs on the ${chosen.name} kernels because ${fallback}\n`);
  return `${chosen.name} (${fallback})`;
}
