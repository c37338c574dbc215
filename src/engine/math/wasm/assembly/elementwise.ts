// AssemblyScript (compiled by scripts/build-kernels.mjs, not by tsc).
// float32 pointwise kernels. The activation codes are generated from the engine's activation table
// (src/engine/catalog/activations.ts, `wasmCode`); the host keeps the others (gelu, sin) on the JavaScript reference.

import { ELU, HARDLIM, LEAKY_RELU, LINEAR, RELU, SIGMOID, TANH } from './activation-codes.generated';

/** Zero-padded vectors for the last < 4 elements, (x, y, dy), in activationBackward (biasActivation takes its own). */
const TAIL = memory.data(48, 16);

/**
 * eˣ (or eˣ − 1 when `minusOne`) on four lanes, accurate to a few ulps relative, eˣ − 1 even near 0 (so tanh and
 * elu keep their small values): x = n·ln2 + r with |r| ≤ ln2/2, q = eʳ − 1 by its degree-7 Taylor polynomial
 * (truncation < 2e-8 relative), then 2ⁿ·q + 2ⁿ (− 1). Inputs are clamped to ±88 (finite 2ⁿ); NaN propagates.
 */
// @ts-ignore: decorator
@inline function expx4(x: v128, minusOne: bool): v128 {
  // pmin/pmax are single instructions on x64 (min/max are not) and still let NaN through.
  x = f32x4.pmax(f32x4.pmin(x, f32x4.splat(88)), f32x4.splat(-88));
  // Adding 1.5·2²³ rounds to an integer, which then sits in the low mantissa bits.
  const shifted = f32x4.add(f32x4.mul(x, f32x4.splat(1.44269504)), f32x4.splat(12582912));
  const n = f32x4.sub(shifted, f32x4.splat(12582912));
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(n, f32x4.splat(0.693359375))), f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let q = f32x4.splat(1.0 / 5040);
  q = f32x4.add(f32x4.mul(q, r), f32x4.splat(1.0 / 720));
  q = f32x4.add(f32x4.mul(q, r), f32x4.splat(1.0 / 120));
  q = f32x4.add(f32x4.mul(q, r), f32x4.splat(1.0 / 24));
  q = f32x4.add(f32x4.mul(q, r), f32x4.splat(1.0 / 6));
  q = f32x4.add(f32x4.mul(q, r), f32x4.splat(0.5));
  q = f32x4.add(f32x4.mul(f32x4.mul(q, r), r), r);
  const scale = i32x4.shl(i32x4.sub(shifted, i32x4.splat(0x4b400000 - 127)), 23); // 2ⁿ as float bits
  return f32x4.add(f32x4.mul(scale, q), minusOne ? f32x4.sub(scale, f32x4.splat(1)) : scale);
}

// @ts-ignore: decorator
@inline function forwardVector(v: v128, act: i32, alpha: v128): v128 {
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  switch (act) {
    case RELU: return f32x4.pmax(zero, v); // zero < v ? v : zero, so NaN maps to 0 as in the reference
    case LEAKY_RELU: return v128.bitselect(v, f32x4.mul(v, alpha), f32x4.gt(v, zero));
    case HARDLIM: return v128.and(f32x4.ge(v, zero), one);
    case ELU: return v128.bitselect(v, f32x4.mul(alpha, expx4(v, true)), f32x4.gt(v, zero));
    case SIGMOID: {
      // e^-|v| keeps both branches finite: 1/(1+e) for v ≥ 0, e/(1+e) below.
      const e = expx4(f32x4.neg(f32x4.abs(v)), false);
      return f32x4.div(v128.bitselect(one, e, f32x4.ge(v, zero)), f32x4.add(one, e));
    }
    case TANH: {
      // tanh|v| = t/(t+2) with t = e^{2|v|} − 1, sign restored from v.
      const t = expx4(f32x4.add(f32x4.abs(v), f32x4.abs(v)), true);
      const magnitude = f32x4.div(t, f32x4.add(t, f32x4.splat(2)));
      return v128.or(magnitude, v128.and(v, f32x4.splat(-0.0)));
    }
    default: return v;
  }
}

/**
 * out[i,j] = f(x[i,j] + bias[j]); bias = 0 means none. out may alias x. `tail` is 32 bytes of scratch for the
 * row ends, the caller's own so that threads can split the rows of one call.
 */
export function biasActivation(x: usize, bias: usize, out: usize, rows: i32, cols: i32, act: i32, alpha: f32, tail: usize): void {
  // One specialised loop per activation: `act` is a constant inside each inlined copy.
  switch (act) {
    case RELU: forwardRows(x, bias, out, rows, cols, RELU, alpha, tail); break;
    case LEAKY_RELU: forwardRows(x, bias, out, rows, cols, LEAKY_RELU, alpha, tail); break;
    case HARDLIM: forwardRows(x, bias, out, rows, cols, HARDLIM, alpha, tail); break;
    case ELU: forwardRows(x, bias, out, rows, cols, ELU, alpha, tail); break;
    case SIGMOID: forwardRows(x, bias, out, rows, cols, SIGMOID, alpha, tail); break;
    case TANH: forwardRows(x, bias, out, rows, cols, TANH, alpha, tail); break;
    default: forwardRows(x, bias, out, rows, cols, LINEAR, alpha, tail);
  }
}

// @ts-ignore: decorator
@inline function forwardRows(x: usize, bias: usize, out: usize, rows: i32, cols: i32, act: i32, alpha: f32, tail: usize): void {
  const alphaV = f32x4.splat(alpha);
  const rowBytes = <usize>cols << 2;
  for (let i = 0; i < rows; i++) {
    const xi = x + <usize>i * rowBytes;
    const oi = out + <usize>i * rowBytes;
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const off = <usize>j << 2;
      let v = v128.load(xi + off);
      if (bias) v = f32x4.add(v, v128.load(bias + off));
      v128.store(oi + off, forwardVector(v, act, alphaV));
    }
    // The row's tail goes through the same vector code on a zero-padded copy.
    if (j < cols) {
      const off = <usize>j << 2;
      const rest = <usize>(cols - j) << 2;
      memory.fill(tail, 0, 32);
      memory.copy(tail, xi + off, rest);
      if (bias) memory.copy(tail + 16, bias + off, rest);
      let v = v128.load(tail);
      if (bias) v = f32x4.add(v, v128.load(tail, 16));
      v128.store(tail, forwardVector(v, act, alphaV));
      memory.copy(oi + off, tail, rest);
    }
  }
}

// @ts-ignore: decorator
@inline function backwardVector(x: v128, y: v128, dy: v128, act: i32, alpha: v128): v128 {
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  switch (act) {
    case RELU: return v128.and(dy, f32x4.gt(x, zero));
    case LEAKY_RELU: return v128.bitselect(dy, f32x4.mul(dy, alpha), f32x4.gt(x, zero));
    case HARDLIM: return f32x4.mul(dy, zero);
    case ELU: return v128.bitselect(dy, f32x4.mul(dy, f32x4.add(y, alpha)), f32x4.gt(x, zero));
    case SIGMOID: return f32x4.mul(dy, f32x4.mul(y, f32x4.sub(one, y)));
    case TANH: return f32x4.mul(dy, f32x4.sub(one, f32x4.mul(y, y)));
    default: return dy;
  }
}

/** dx = dy ⊙ f'(x, y) over `length` elements; every code up to TANH is supported. */
export function activationBackward(x: usize, y: usize, dy: usize, dx: usize, length: i32, act: i32, alpha: f32): void {
  switch (act) {
    case RELU: backwardRange(x, y, dy, dx, length, RELU, alpha); break;
    case LEAKY_RELU: backwardRange(x, y, dy, dx, length, LEAKY_RELU, alpha); break;
    case HARDLIM: backwardRange(x, y, dy, dx, length, HARDLIM, alpha); break;
    case ELU: backwardRange(x, y, dy, dx, length, ELU, alpha); break;
    case SIGMOID: backwardRange(x, y, dy, dx, length, SIGMOID, alpha); break;
    case TANH: backwardRange(x, y, dy, dx, length, TANH, alpha); break;
    default: backwardRange(x, y, dy, dx, length, LINEAR, alpha);
  }
}

// @ts-ignore: decorator
@inline function backwardRange(x: usize, y: usize, dy: usize, dx: usize, length: i32, act: i32, alpha: f32): void {
  const alphaV = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= length; i += 4) {
    const off = <usize>i << 2;
    v128.store(dx + off, backwardVector(v128.load(x + off), v128.load(y + off), v128.load(dy + off), act, alphaV));
  }
  // The tail goes through the same vector code on a zero-padded copy, so both paths agree bit for bit.
  if (i < length) {
    const tail = TAIL;
    memory.fill(tail, 0, 48);
    const rest = <usize>(length - i) << 2;
    const off = <usize>i << 2;
    memory.copy(tail, x + off, rest);
    memory.copy(tail + 16, y + off, rest);
    memory.copy(tail + 32, dy + off, rest);
    v128.store(tail, backwardVector(v128.load(tail), v128.load(tail, 16), v128.load(tail, 32), act, alphaV));
    memory.copy(dx + off, tail, rest);
  }
}

/** out[j] (=, or += when accumulate) Σ_i g[i,j]; row by row so g streams once while out stays in L1. */
export function sumRows(g: usize, out: usize, rows: i32, cols: i32, accumulate: bool): void {
  if (!accumulate) memory.fill(out, 0, <usize>cols << 2);
  const rowBytes = <usize>cols << 2;
  const vectorBytes = <usize>(cols & ~3) << 2;
  for (let i = 0; i < rows; i++) {
    const gi = g + <usize>i * rowBytes;
    let off: usize = 0;
    for (; off < vectorBytes; off += 16) v128.store(out + off, f32x4.add(v128.load(out + off), v128.load(gi + off)));
    for (; off < rowBytes; off += 4) store<f32>(out + off, load<f32>(out + off) + load<f32>(gi + off));
  }
}
