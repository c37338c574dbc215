/**
 * Reference (plain TypeScript) for the kernels' tridiagonalize: Householder reduction of a symmetric float64
 * matrix to tridiagonal form, Qᵀ·A·Q = T, one reflector at a time (LAPACK's unblocked dsytd2, lower). The
 * WebAssembly kernel computes the same reflectors blocked (dsytrd), with the trailing updates as matrix products.
 *
 * Storage, shared by both: `a` is n × n row-major and only its upper triangle a[j·n + i], i ≥ j, is read — which
 * is the lower triangle of a column-major matrix, so "column j" below is the contiguous row j of `a` from the
 * diagonal on. On return d (n) holds T's diagonal, e (n − 1) its off-diagonal, tau (n − 1) the reflectors' scales,
 * and row j of `a` holds reflector j from column j + 1 on: v_j = (0, …, 0, 1, a[j·n + j + 2], …, a[j·n + n − 1]),
 * its leading 1 stored explicitly. Q = H_0·H_1···H_{n−2} with H_j = I − tau_j·v_j·v_jᵀ. The strict lower
 * triangle of `a` is scratch: this reference leaves it alone, the blocked kernel may overwrite parts of it.
 */
export function tridiagonalizeReference(a: Float64Array, n: number, d: Float64Array, e: Float64Array, tau: Float64Array): void {
  const w = new Float64Array(n);
  for (let j = 0; j + 1 < n; j++) {
    const col = j * n;
    const t = householder(a, col + j + 1, n - j - 1);
    e[j] = t.beta;
    tau[j] = t.tau;
    a[col + j + 1] = 1;
    if (t.tau !== 0) {
      // w = τ·A22·v, then w += α·v with α = −τ/2·(w·v), and A22 −= v·wᵀ + w·vᵀ (lower triangle).
      const m = n - j - 1;
      const v0 = col + j + 1;
      symmetricTimes(a, n, j + 1, m, a, v0, w);
      let dot = 0;
      for (let r = 0; r < m; r++) {
        w[r] *= t.tau;
        dot += w[r] * a[v0 + r];
      }
      const alpha = -0.5 * t.tau * dot;
      for (let r = 0; r < m; r++) w[r] += alpha * a[v0 + r];
      for (let c = 0; c < m; c++) {
        const cc = (j + 1 + c) * n + j + 1;
        const vc = a[v0 + c];
        const wc = w[c];
        for (let r = c; r < m; r++) a[cc + r] -= a[v0 + r] * wc + w[r] * vc;
      }
    }
    d[j] = a[col + j];
  }
  if (n > 0) d[n - 1] = a[(n - 1) * n + n - 1];
}

/**
 * The reflector H = I − τ·v·vᵀ with v = (1, x/(α − β)) that maps (α, x) — `len` entries of `a` from `at` — to
 * (β, 0): LAPACK's dlarfg. Overwrites x with v's tail and returns β and τ (τ = 0, β = α when x is zero).
 */
function householder(a: Float64Array, at: number, len: number): { beta: number; tau: number } {
  const alpha = a[at];
  let scale = 0;
  for (let r = 1; r < len; r++) scale = Math.max(scale, Math.abs(a[at + r]));
  if (scale === 0) return { beta: alpha, tau: 0 };
  // The norm of x by scaled squares, so that neither tiny nor huge entries under- or overflow.
  let sum = 0;
  for (let r = 1; r < len; r++) sum += (a[at + r] / scale) ** 2;
  const xnorm = scale * Math.sqrt(sum);
  const beta = -Math.sign(alpha || 1) * Math.hypot(alpha, xnorm);
  const f = 1 / (alpha - beta);
  for (let r = 1; r < len; r++) a[at + r] *= f;
  return { beta, tau: (beta - alpha) / beta };
}

/** out = A(s:s+m, s:s+m)·x for the symmetric A stored as in tridiagonalizeReference, x = m entries of xs from x0. */
function symmetricTimes(a: Float64Array, n: number, s: number, m: number, xs: Float64Array, x0: number, out: Float64Array): void {
  out.fill(0, 0, m);
  for (let c = 0; c < m; c++) {
    const cc = (s + c) * n + s;
    const xc = xs[x0 + c];
    let dot = 0;
    out[c] += a[cc + c] * xc;
    for (let r = c + 1; r < m; r++) {
      out[r] += a[cc + r] * xc;
      dot += a[cc + r] * xs[x0 + r];
    }
    out[c] += dot;
  }
}
