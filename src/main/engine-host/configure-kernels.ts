import { setFlagsFromString } from 'node:v8';
import { kernels, setKernels } from '../../engine/math/kernels';
import { selectKernels } from '../../engine/math/select-kernels';

/**
 * Picks the kernel set for this process: WebAssembly SIMD when it passes its self-check, else the
 * reference kernels. `NW_KERNELS=js` forces the reference kernels (CI runs the engine tests both ways).
 * Called once per process by the engine host, the CLI, the bench and the test setup.
 */
export function configureKernels(env: NodeJS.ProcessEnv = process.env): string {
  // Node 20 has relaxed SIMD (fused multiply-add, ~25 % faster matmuls) behind a flag; Electron 45 and
  // Node 22+ enable it by default. It must be set before the first module is compiled.
  setFlagsFromString('--experimental-wasm-relaxed-simd');
  setKernels(selectKernels({ forceJs: env.NW_KERNELS === 'js' }));
  return kernels().name;
}
