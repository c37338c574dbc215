import { createWasmKernels } from '../src/engine/math/wasm-kernels';
const w = createWasmKernels()!;
function cpu() { const u = process.cpuUsage(); return (u.user + u.system) / 1000; }
function bench(m: number, k: number, n: number, which: 'gemm'|'gemmTN'|'gemmNT') {
  const a = new Float32Array(m*k).map(() => Math.random()), b = new Float32Array(k*n).map(() => Math.random()), c = new Float32Array(m*n);
  w[which](a, b, c, m, k, n);
  let best = 1e9, bestc = 1e9;
  for (let r = 0; r < 5; r++) { const t = performance.now(), tc = cpu(); w[which](a, b, c, m, k, n); best = Math.min(best, performance.now() - t); bestc = Math.min(bestc, cpu() - tc); }
  console.log(which, m, k, n, (2*m*k*n/best/1e6).toFixed(2), 'GFLOPS wall', (2*m*k*n/bestc/1e6).toFixed(2), 'cpu');
}
const shapes = process.argv.slice(2).length ? [process.argv.slice(2).map(Number)] : [[64,784,256],[1024,1024,1024],[512,512,512]];
for (const [m,k,n] of shapes) { bench(m,k,n,'gemm'); bench(m,k,n,'gemmTN'); bench(m,k,n,'gemmNT'); }
