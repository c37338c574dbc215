/**
 * Symmetric eigendecomposition A = V·diag(λ)·Vᵀ: Householder reduction to tridiagonal form, then the
 * implicit QL method (EISPACK tred2/tql2, as in JAMA). V is kept in factored form — the Householder
 * reflectors and the QL plane rotations — and applied to right-hand sides, never formed: the ELM needs
 * V·Λ⁺·Vᵀ·B for a few columns B, and accumulating V explicitly costs about four times the whole
 * eigenvalue computation (n³-sized rotation sweeps over an n × n matrix). Applying the factors costs
 * O(n²·k) for k columns. Reads the upper triangle of `a` (n × n, row-major) and does not modify it.
 * Eigenvalues are unsorted; eigenvector i belongs to values[i].
 */
export interface SymmetricEigen {
  n: number;
  values: Float64Array;
  /** Row i holds the Householder vector u_i (entries 0..i−1) of P_i = I − u_i·u_iᵀ/h_i; V = P_{n−1}···P_1·G_1···G_R. */
  reflectors: Float64Array;
  /** h_i of each reflector; 0 means P_i = I. */
  reflectorScales: Float64Array;
  /** The QL rotations G_1..G_R in the order they were made. */
  rotations: PlaneRotations;
}

/** Givens rotation t acts on coordinates (index[t], index[t] + 1) with cosine c[t] and sine s[t]. */
interface PlaneRotations {
  count: number;
  index: Int32Array;
  c: Float64Array;
  s: Float64Array;
}

export function symmetricEigenvalues(a: Float64Array, n: number): Float64Array {
  return decompose(a, n, false).values;
}

export function symmetricEigen(a: Float64Array, n: number): SymmetricEigen {
  return decompose(a, n, true);
}

function decompose(a: Float64Array, n: number, withVectors: boolean): SymmetricEigen {
  // w holds Vᵀ of the EISPACK formulation (so its inner loops read rows), w[j·n + k] = V[k][j].
  const w = a.slice(0, n * n);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const scales = new Float64Array(n);
  const rotations: PlaneRotations = { count: 0, index: new Int32Array(0), c: new Float64Array(0), s: new Float64Array(0) };
  if (n > 0) {
    tridiagonalize(w, n, d, e);
    scales.set(d);
    for (let j = 0; j < n; j++) d[j] = w[j * n + j];
    tridiagonalQl(d, e, withVectors ? rotations : null);
  }
  return { n, values: d, reflectors: w, reflectorScales: scales, rotations };
}

/** B ← Vᵀ·B for B n × k, row-major. */
export function eigenvectorsTransposeTimes(eig: SymmetricEigen, b: Float64Array, k: number): void {
  // Vᵀ = G_Rᵀ···G_1ᵀ·P_1···P_{n−1}: the reflectors from the last, then the rotations in order.
  const g = new Float64Array(k);
  for (let i = eig.n - 1; i > 0; i--) reflect(eig, i, b, k, g);
  const { index, c, s } = eig.rotations;
  for (let t = 0; t < eig.rotations.count; t++) rotatePair(b, index[t] * k, k, c[t], -s[t]);
}

/** B ← V·B for B n × k, row-major. */
export function eigenvectorsTimes(eig: SymmetricEigen, b: Float64Array, k: number): void {
  const { index, c, s } = eig.rotations;
  for (let t = eig.rotations.count - 1; t >= 0; t--) rotatePair(b, index[t] * k, k, c[t], s[t]);
  const g = new Float64Array(k);
  for (let i = 1; i < eig.n; i++) reflect(eig, i, b, k, g);
}

/** B ← P_i·B = B − u·(uᵀB)/h on rows 0..i−1; g holds uᵀB/h (k entries) so B is read row by row. */
function reflect(eig: SymmetricEigen, i: number, b: Float64Array, k: number, g: Float64Array): void {
  const h = eig.reflectorScales[i];
  if (h === 0) return;
  const u = eig.reflectors;
  const ui = i * eig.n;
  g.fill(0);
  for (let r = 0; r < i; r++) {
    const ur = u[ui + r];
    for (let col = 0; col < k; col++) g[col] += ur * b[r * k + col];
  }
  for (let col = 0; col < k; col++) g[col] /= h;
  for (let r = 0; r < i; r++) {
    const ur = u[ui + r];
    for (let col = 0; col < k; col++) b[r * k + col] -= ur * g[col];
  }
}

/** Rows (x, y) at offset lo and lo + k become (c·x + s·y, −s·x + c·y). */
function rotatePair(b: Float64Array, lo: number, k: number, c: number, s: number): void {
  for (let col = 0; col < k; col++) {
    const x = b[lo + col];
    const y = b[lo + k + col];
    b[lo + col] = c * x + s * y;
    b[lo + k + col] = c * y - s * x;
  }
}

function recordRotation(log: PlaneRotations, i: number, c: number, s: number): void {
  if (log.count === log.c.length) {
    const size = Math.max(1024, log.count * 2);
    const index = new Int32Array(size);
    const cs = new Float64Array(size);
    const ss = new Float64Array(size);
    index.set(log.index);
    cs.set(log.c);
    ss.set(log.s);
    log.index = index;
    log.c = cs;
    log.s = ss;
  }
  log.index[log.count] = i;
  log.c[log.count] = c;
  log.s[log.count] = s;
  log.count++;
}

/**
 * Householder reduction to tridiagonal form: sub-diagonal e[1..n−1]; leaves u_i in row i of w, h_i in
 * d[i] and T's diagonal on w's diagonal.
 */
function tridiagonalize(w: Float64Array, n: number, d: Float64Array, e: Float64Array): void {
  for (let j = 0; j < n; j++) d[j] = w[j * n + n - 1];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = w[j * n + i - 1];
        w[j * n + i] = 0;
        w[i * n + j] = 0;
      }
    } else {
      // Scaling the vector avoids under- and overflow in its norm.
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      e.fill(0, 0, i);
      // e = A·u for the leading i × i block: each stored element serves its row and its column.
      for (let j = 0; j < i; j++) {
        const wj = j * n;
        f = d[j];
        w[i * n + j] = f;
        g = e[j] + w[wj + j] * f;
        for (let k = j + 1; k < i; k++) {
          const v = w[wj + k];
          g += v * d[k];
          e[k] += v * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        const wj = j * n;
        f = d[j];
        g = e[j];
        for (let k = j; k < i; k++) w[wj + k] -= f * e[k] + g * d[k];
        d[j] = w[wj + i - 1];
        w[wj + i] = 0;
      }
    }
    d[i] = h;
  }
  e[0] = 0;
}

const MAX_QL_ITERATIONS = 60;
const EPS = Number.EPSILON;

/**
 * Eigenvalues of the tridiagonal matrix (d, e) by implicit QL with Wilkinson shifts, into d; the
 * plane rotations (V ← V·G on columns i, i+1) are recorded when a log is given.
 */
function tridiagonalQl(d: Float64Array, e: Float64Array, rotations: PlaneRotations | null): void {
  const n = d.length;
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]) > EPS * tst1) m++;
    if (m > l) {
      let iterations = 0;
      do {
        if (++iterations > MAX_QL_ITERATIONS) throw new Error('the eigenvalues did not converge');
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          if (rotations) recordRotation(rotations, i, c, s);
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > EPS * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
}
