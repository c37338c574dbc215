// AssemblyScript entry point of the kernel module (see scripts/build-kernels.mjs).
export * from './gemm';
export * from './elementwise';
export * from './optimizer';
export * from './peak';
export * from './tridiagonal';
export * from './secular';
