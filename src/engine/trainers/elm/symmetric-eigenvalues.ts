/**
 * Eigenvalues (no vectors) of a symmetric matrix: Householder reduction to tridiagonal form, then the
 * implicit QL method (EISPACK tred1/tql1). Skipping the eigenvectors makes it several times cheaper than
 * a full eigendecomposition, which is what lets the ELM report κ(H) for a few thousand hidden units.
 * Reads the lower triangle of `a` (n × n, row-major) and does not modify it. Unsorted.
 */
export function symmetricEigenvalues(a: Float64Array, n: number): Float64Array {
  const z = a.slice(0, n * n);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tridiagonalize(z, n, d, e);
  tridiagonalQl(d, e);
  return d;
}

/** Householder reduction of z to tridiagonal form: diagonal d, sub-diagonal e[1..n−1]. Overwrites z. */
function tridiagonalize(z: Float64Array, n: number, d: Float64Array, e: Float64Array): void {
  for (let i = n - 1; i > 0; i--) {
    const l = i - 1;
    const zi = i * n;
    let h = 0;
    let scale = 0;
    if (l > 0) {
      for (let k = 0; k < i; k++) scale += Math.abs(z[zi + k]);
    }
    if (l === 0 || scale === 0) {
      e[i] = z[zi + l];
      continue;
    }
    // Scaling the row avoids under- and overflow in the norm.
    for (let k = 0; k < i; k++) {
      z[zi + k] /= scale;
      h += z[zi + k] * z[zi + k];
    }
    let f = z[zi + l];
    let g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
    e[i] = scale * g;
    h -= f * g;
    z[zi + l] = f - g;
    // e = A·u / h for the leading i × i block A (lower triangle stored) and u = row i: each stored
    // element serves both its row and its column, so memory is read row by row only.
    e.fill(0, 0, i);
    for (let j = 0; j < i; j++) {
      const zj = j * n;
      const uj = z[zi + j];
      let sum = z[zj + j] * uj;
      for (let k = 0; k < j; k++) {
        sum += z[zj + k] * z[zi + k];
        e[k] += z[zj + k] * uj;
      }
      e[j] += sum;
    }
    f = 0;
    for (let j = 0; j < i; j++) {
      e[j] /= h;
      f += e[j] * z[zi + j];
    }
    const hh = f / (h + h);
    for (let j = 0; j < i; j++) {
      f = z[zi + j];
      g = e[j] - hh * f;
      e[j] = g;
      for (let k = 0; k <= j; k++) z[j * n + k] -= f * e[k] + g * z[zi + k];
    }
  }
  e[0] = 0;
  for (let i = 0; i < n; i++) d[i] = z[i * n + i];
}

const MAX_QL_ITERATIONS = 50;

/** Eigenvalues of the tridiagonal matrix (d, e) by implicit QL with Wilkinson shifts, into d. */
function tridiagonalQl(d: Float64Array, e: Float64Array): void {
  const n = d.length;
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  if (n > 0) e[n - 1] = 0;
  for (let l = 0; l < n; l++) {
    let iterations = 0;
    for (;;) {
      let m = l;
      while (m < n - 1 && Math.abs(e[m]) > Number.EPSILON * (Math.abs(d[m]) + Math.abs(d[m + 1]))) m++;
      if (m === l) break;
      if (++iterations > MAX_QL_ITERATIONS) throw new Error('eigenvalues did not converge');
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = Math.hypot(g, 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      for (; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // Deflation: the matrix splits here; restart the sweep.
          d[i + 1] -= p;
          e[m] = 0;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
      }
      if (r === 0 && i >= l) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
}
