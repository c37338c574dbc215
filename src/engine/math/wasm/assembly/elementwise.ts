// AssemblyScript (compiled by scripts/build-kernels.mjs, not by tsc).
// float32 pointwise kernels. Activation codes match ACTIVATION_CODES in ../../wasm-kernels.ts;
// the host keeps the others (gelu, sin) on the JavaScript reference.

const LINEAR = 0;
const RELU = 1;
const LEAKY_RELU = 2;
const HARDLIM = 3;
const ELU = 4;
const SIGMOID = 5;
const TANH = 6;

/** Three zero-padded vectors (x, y, dy) for the tail of activationBackward. */
const TAIL = memory.data(48, 16);

// @ts-ignore: decorator
@inline function forwardVector(v: v128, act: i32, alpha: v128): v128 {
  const zero = f32x4.splat(0);
  if (act == RELU) return f32x4.pmax(zero, v); // zero < v ? v : zero, so NaN maps to 0 as in the reference
  if (act == LEAKY_RELU) return v128.bitselect(v, f32x4.mul(v, alpha), f32x4.gt(v, zero));
  if (act == HARDLIM) return v128.and(f32x4.ge(v, zero), f32x4.splat(1));
  return v;
}

// @ts-ignore: decorator
@inline function forwardScalar(v: f32, act: i32, alpha: f32): f32 {
  switch (act) {
    case RELU: return v > 0 ? v : 0;
    case LEAKY_RELU: return v > 0 ? v : alpha * v;
    case HARDLIM: return v >= 0 ? 1 : 0;
    case ELU: return v > 0 ? v : alpha * Mathf.expm1(v);
    case SIGMOID: {
      const e = Mathf.exp(-Mathf.abs(v));
      return v >= 0 ? 1 / (1 + e) : e / (1 + e);
    }
    case TANH: return Mathf.tanh(v);
    default: return v;
  }
}

/** out[i,j] = f(x[i,j] + bias[j]); bias = 0 means none. out may alias x. */
export function biasActivation(x: usize, bias: usize, out: usize, rows: i32, cols: i32, act: i32, alpha: f32): void {
  const vectorised = act <= HARDLIM;
  const alphaV = f32x4.splat(alpha);
  const rowBytes = <usize>cols << 2;
  for (let i = 0; i < rows; i++) {
    const xi = x + <usize>i * rowBytes;
    const oi = out + <usize>i * rowBytes;
    let j = 0;
    if (vectorised) {
      for (; j + 4 <= cols; j += 4) {
        const off = <usize>j << 2;
        let v = v128.load(xi + off);
        if (bias) v = f32x4.add(v, v128.load(bias + off));
        v128.store(oi + off, forwardVector(v, act, alphaV));
      }
    }
    for (; j < cols; j++) {
      const off = <usize>j << 2;
      let v = load<f32>(xi + off);
      if (bias) v += load<f32>(bias + off);
      store<f32>(oi + off, forwardScalar(v, act, alpha));
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
