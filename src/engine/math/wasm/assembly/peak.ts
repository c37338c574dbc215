// AssemblyScript (compiled by scripts/build-kernels.mjs, not by tsc).
// The machine's 128-bit SIMD multiply-add peak as this host's WebAssembly reaches it: a loop of independent
// f32x4 multiply-add chains with no memory traffic, which the bench times to put the matmul's GFLOPS in
// proportion. Twelve chains cover the latency × throughput of fused multiply-add on current x64 cores
// (4-cycle latency, two pipes: 8 in flight) with room to spare, and leave V8 registers for the constants.

// @ts-ignore: decorator
@inline function madd(acc: v128, m: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(acc, m, c);
  return f32x4.add(f32x4.mul(acc, m), c);
}

/** Floating-point operations of one fmaPeakF32 iteration: 12 chains × 4 lanes × (multiply + add). */
export function fmaPeakFlopsPerIteration(): i32 {
  return 12 * 4 * 2;
}

/**
 * Runs `iterations` rounds of acc ← acc·m + c on 12 independent vectors and returns their sum, so that the work
 * cannot be optimised away. m < 1 keeps every value bounded and normal (no overflow, no subnormal slow path).
 */
export function fmaPeakF32(iterations: i32, seed: f32): f32 {
  const m = f32x4.splat(0.999999);
  const c = f32x4.splat(1e-6);
  let a0 = f32x4.splat(seed), a1 = f32x4.splat(seed + 1), a2 = f32x4.splat(seed + 2), a3 = f32x4.splat(seed + 3);
  let a4 = f32x4.splat(seed + 4), a5 = f32x4.splat(seed + 5), a6 = f32x4.splat(seed + 6), a7 = f32x4.splat(seed + 7);
  let a8 = f32x4.splat(seed + 8), a9 = f32x4.splat(seed + 9), a10 = f32x4.splat(seed + 10), a11 = f32x4.splat(seed + 11);
  for (let i = 0; i < iterations; i++) {
    a0 = madd(a0, m, c);
    a1 = madd(a1, m, c);
    a2 = madd(a2, m, c);
    a3 = madd(a3, m, c);
    a4 = madd(a4, m, c);
    a5 = madd(a5, m, c);
    a6 = madd(a6, m, c);
    a7 = madd(a7, m, c);
    a8 = madd(a8, m, c);
    a9 = madd(a9, m, c);
    a10 = madd(a10, m, c);
    a11 = madd(a11, m, c);
  }
  const s = f32x4.add(
    f32x4.add(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)), f32x4.add(f32x4.add(a4, a5), f32x4.add(a6, a7))),
    f32x4.add(f32x4.add(a8, a9), f32x4.add(a10, a11)),
  );
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
}
