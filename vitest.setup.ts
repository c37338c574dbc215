// Every test process uses the kernels the app would pick (or the reference ones under NW_KERNELS=js).
import { configureKernels } from './src/main/engine-host/configure-kernels';

configureKernels();
