// AssemblyScript (compiled by scripts/build-kernels.mjs, not by tsc).
// Adam's update and the squared norm on float32 buffers. Adam works in float64 lanes with the same IEEE operations
// in the same order as the JavaScript reference (adamStep in ../../js-kernels.ts), so its results are bit-identical.

/**
 * θ, m, v updated in place (formula in src/engine/optimizers/adam.ts): th = θ·shrink, g = grad + l2·th,
 * m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g·g, θ ← th − (stepSize·bias2Sqrt)·m / (√v + eps·bias2Sqrt)
 * (the update's γ·m̂/(√v̂ + ε) with both sides multiplied by bias2Sqrt: one division instead of two, the dearest
 * operation here), with m and v at full float64 precision in the θ update, as in the reference.
 */
export function adamStepF32(
  theta: usize, grad: usize, m: usize, v: usize, length: i32,
  beta1: f64, beta2: f64, eps: f64, stepSize: f64, bias2Sqrt: f64, l2: f64, shrink: f64,
): void {
  const b1 = f64x2.splat(beta1);
  const c1 = f64x2.splat(1 - beta1);
  const b2 = f64x2.splat(beta2);
  const c2 = f64x2.splat(1 - beta2);
  const scaledEps = eps * bias2Sqrt;
  const scaledStep = stepSize * bias2Sqrt;
  const epsV = f64x2.splat(scaledEps);
  const stepV = f64x2.splat(scaledStep);
  const l2V = f64x2.splat(l2);
  const shrinkV = f64x2.splat(shrink);
  const pairs = length >> 1;
  // Two elements per iteration: an 8-byte load widens exactly to one f64x2.
  for (let p = 0; p < pairs; p++) {
    const o = <usize>p << 3;
    const th = f64x2.mul(f64x2.promote_low_f32x4(v128.load64_zero(theta + o)), shrinkV);
    const g = f64x2.add(f64x2.promote_low_f32x4(v128.load64_zero(grad + o)), f64x2.mul(l2V, th));
    const mi = f64x2.add(f64x2.mul(b1, f64x2.promote_low_f32x4(v128.load64_zero(m + o))), f64x2.mul(c1, g));
    const vi = f64x2.add(f64x2.mul(b2, f64x2.promote_low_f32x4(v128.load64_zero(v + o))), f64x2.mul(f64x2.mul(c2, g), g));
    v128.store64_lane(m + o, f32x4.demote_f64x2_zero(mi), 0);
    v128.store64_lane(v + o, f32x4.demote_f64x2_zero(vi), 0);
    const denominator = f64x2.add(f64x2.sqrt(vi), epsV);
    const next = f64x2.sub(th, f64x2.div(f64x2.mul(stepV, mi), denominator));
    v128.store64_lane(theta + o, f32x4.demote_f64x2_zero(next), 0);
  }
  if (length & 1) {
    const o = <usize>(length - 1) << 2;
    const th = <f64>load<f32>(theta + o) * shrink;
    const g = <f64>load<f32>(grad + o) + l2 * th;
    const mi = beta1 * <f64>load<f32>(m + o) + (1 - beta1) * g;
    const vi = beta2 * <f64>load<f32>(v + o) + (1 - beta2) * g * g;
    store<f32>(m + o, <f32>mi);
    store<f32>(v + o, <f32>vi);
    store<f32>(theta + o, <f32>(th - (scaledStep * mi) / (Math.sqrt(vi) + scaledEps)));
  }
}

/** Σ a[i]² of float32 input, squared and summed in float64 lanes (exact squares, float64 sums). */
export function sumSquaresF32(a: usize, length: i32): f64 {
  let s0 = f64x2.splat(0);
  let s1 = f64x2.splat(0);
  const quads = length >> 2;
  for (let q = 0; q < quads; q++) {
    const x = v128.load(a + (<usize>q << 4));
    const lo = f64x2.promote_low_f32x4(x);
    const hi = f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 0, 1));
    s0 = f64x2.add(s0, f64x2.mul(lo, lo));
    s1 = f64x2.add(s1, f64x2.mul(hi, hi));
  }
  const s = f64x2.add(s0, s1);
  let total = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (let i = quads << 2; i < length; i++) {
    const x = <f64>load<f32>(a + (<usize>i << 2));
    total += x * x;
  }
  return total;
}

/**
 * out[b] = sumSquaresF32 of block b (`block` elements; the last one shorter) of the `length` float32 at `a`, for
 * first ≤ b < last: threads given disjoint block ranges fill one array of partial sums, which the caller adds in
 * block order, so the total does not depend on how many threads there were.
 */
export function sumSquaresBlocksF32(a: usize, length: i32, block: i32, first: i32, last: i32, out: usize): void {
  for (let b = first; b < last; b++) {
    const start = b * block;
    store<f64>(out + (<usize>b << 3), sumSquaresF32(a + (<usize>start << 2), min(block, length - start)));
  }
}

/**
 * adamStepF32 on `count` tensors with the same scalars, in one call: `table` holds for each tensor five i32
 * (θ, grad, m, v addresses and the length).
 */
export function adamStepsF32(
  table: usize, count: i32,
  beta1: f64, beta2: f64, eps: f64, stepSize: f64, bias2Sqrt: f64, l2: f64, shrink: f64,
): void {
  for (let t = 0; t < count; t++) {
    const row = table + <usize>t * 20;
    adamStepF32(
      load<u32>(row), load<u32>(row, 4), load<u32>(row, 8), load<u32>(row, 12), load<i32>(row, 16),
      beta1, beta2, eps, stepSize, bias2Sqrt, l2, shrink,
    );
  }
}
