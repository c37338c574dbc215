import { kernels } from '../../engine/math/kernels';

/** Picks the kernel set for this process; `NW_KERNELS=js` forces the reference kernels. */
export function configureKernels(): string {
  return kernels().name;
}
