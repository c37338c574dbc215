import { kernels } from '../../math/kernels';

/**
 * Eigenvalues and eigenvectors of a symmetric tridiagonal matrix T = Z·diag(λ)·Zᵀ by divide and conquer (Cuppen's
 * method with Gu and Eisenstat's stable eigenvectors, as LAPACK's dstedc): T is torn into two halves coupled by a
 * rank-one term, each half is solved recursively, and the halves merge through the eigenvectors of a diagonal-plus-
 * rank-one matrix (the kernels' rankOneEigen, after deflation of negligible or coinciding components).
 *
 * Z is kept factored, as the tree of merges — each merge's deflation rotations, its k × k eigenvector matrix and
 * its ordering — rather than multiplied out: forming Z costs ~(4/3)·n³ flops of merge products, while applying the
 * tree to b columns costs ~4·n²·b (twice an explicit Z's 2·n²·b), and the ELM applies it to a few columns only.
 * A merge needs only the first and last rows of its halves' Z, which each node carries along.
 */
export interface TridiagonalEigen {
  /** Ascending. */
  values: Float64Array;
  /** Z as a tree of merges: apply it with tridiagonalVectorsTimes. */
  vectors: EigenvectorTree;
}

/** Z of one block: explicit for a leaf, factored for a merge, block-diagonal then sorted at the top. */
type EigenvectorTree =
  | { kind: 'leaf'; size: number; z: Float64Array }
  | {
    kind: 'merge'; size: number; n1: number; top: EigenvectorTree; bottom: EigenvectorTree;
    /** Deflation's plane rotations, in the order made: columns (x, y) of diag(Z1, Z2) ← (c·x + s·y, c·y − s·x). */
    rotations: { x: number[]; y: number[]; c: number[]; s: number[] };
    /** Columns (of the rotated diag(Z1, Z2)) kept as they are, in their pre-sort order. */
    deflated: Int32Array;
    /** Columns coupled by the rank-one term, and the eigenvectors in their coordinates (row i: vector i). */
    kept: Int32Array;
    ut: Float64Array;
    /** Sorted column c is pre-sort column order[c] (deflated ones first, then the kept ones' eigenvectors). */
    order: Int32Array;
  }
  | { kind: 'blocks'; size: number; starts: number[]; blocks: EigenvectorTree[]; order: Int32Array };

/** Below this size a block is solved by the QL method directly (LAPACK's SMLSIZ). */
const LEAF_SIZE = 25;
const EPS = Number.EPSILON / 2;
const MAX_QL_ITERATIONS = 60;

/** d: diagonal (n), e: off-diagonal (n − 1; e[i] couples i and i + 1). Neither is modified. */
export function tridiagonalEigen(d: Float64Array, e: Float64Array): TridiagonalEigen {
  const n = d.length;
  const { norm, ds, es } = scaled(d, e);
  // Independent blocks where the coupling is negligible against the two diagonal entries.
  const starts: number[] = [];
  const blocks: EigenvectorTree[] = [];
  const unsorted = new Float64Array(n);
  let start = 0;
  for (let i = 0; i < n; i++) {
    if (i + 1 < n && Math.abs(es[i]) > EPS * Math.sqrt(Math.abs(ds[i])) * Math.sqrt(Math.abs(ds[i + 1]))) continue;
    const block = solveBlock(ds.subarray(start, i + 1), es.subarray(start, i));
    unsorted.set(block.values, start);
    starts.push(start);
    blocks.push(block.tree);
    start = i + 1;
  }
  const order = argsort(unsorted);
  const values = Float64Array.from(order, (j) => unsorted[j] * norm);
  return { values, vectors: { kind: 'blocks', size: n, starts, blocks, order: Int32Array.from(order) } };
}

/** Eigenvalues only, ascending, by the implicit QL method (O(n²)). */
export function tridiagonalEigenvalues(d: Float64Array, e: Float64Array): Float64Array {
  const { norm, ds, es } = scaled(d, e);
  if (norm === 0) return ds;
  const off = new Float64Array(ds.length);
  off.set(es.subarray(0, Math.max(0, ds.length - 1)));
  implicitQl(ds, off, null, 0);
  return ds.map((v) => v * norm).sort();
}

/** (d, e) divided by max |entry| (1 for a zero matrix), so that no square or product of gaps under- or overflows. */
function scaled(d: Float64Array, e: Float64Array): { norm: number; ds: Float64Array; es: Float64Array } {
  const n = d.length;
  let norm = 0;
  for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(d[i]), i + 1 < n ? Math.abs(e[i]) : 0);
  if (!Number.isFinite(norm)) throw new Error('the tridiagonal matrix contains non-finite values');
  if (norm === 0) return { norm, ds: new Float64Array(n), es: new Float64Array(Math.max(0, n - 1)) };
  return { norm, ds: d.map((x) => x / norm), es: e.map((x) => x / norm) };
}

/**
 * B ← Z·B (or Zᵀ·B) for B n × k, row-major, Z the eigenvectors in `eig`: with Z·B the rows of B are indexed by
 * eigenvalue, with Zᵀ·B by coordinate.
 */
export function tridiagonalVectorsTimes(eig: TridiagonalEigen, b: Float64Array, k: number, transpose = false): void {
  if (k > 0) applyTree(eig.vectors, b, k, transpose);
}

/**
 * Z itself (n × n row-major, column j for values[j]), built from the leaves up as LAPACK's dstedc does: each merge
 * multiplies each half's rows only by the columns non-zero there, ~(4/3)·n³ flops (fewer with deflation, up to twice
 * that when deflation's rotations mix the halves), where applying the tree to the identity would cost ~4·n³ (its
 * products do not see the identity's zeros).
 */
export function tridiagonalVectorMatrix(eig: TridiagonalEigen): Float64Array {
  return explicitVectors(eig.vectors);
}

/** Z of one node, explicit: for a merge diag(Z1, Z2)·R·S·P, the factors applyTree applies. */
function explicitVectors(tree: EigenvectorTree): Float64Array {
  if (tree.kind === 'leaf') return tree.z.slice();
  const n = tree.size;
  const d = new Float64Array(n * n);
  if (tree.kind === 'blocks') {
    tree.blocks.forEach((block, i) => placeBlock(d, n, explicitVectors(block), block.size, tree.starts[i]));
    return permutedColumns(d, n, tree.order);
  }
  const { n1, rotations: r, deflated, kept, ut, order } = tree;
  placeBlock(d, n, explicitVectors(tree.top), n1, 0);
  placeBlock(d, n, explicitVectors(tree.bottom), n - n1, n1);
  const { inTop, inBottom } = rotateColumns(d, n, n1, r);
  // Pre-sort columns: the deflated ones as they are, then D[:, kept]·Uᵀ.
  const pre = new Float64Array(n * n);
  const nd = deflated.length;
  for (let row = 0; row < n; row++) for (let p = 0; p < nd; p++) pre[row * n + p] = d[row * n + deflated[p]];
  keptProduct(d, n, 0, n1, kept, inTop, ut, pre, nd);
  keptProduct(d, n, n1, n, kept, inBottom, ut, pre, nd);
  return permutedColumns(pre, n, order);
}

/**
 * Deflation's rotations on the columns of D = diag(Z1, Z2) (n × n, Z1 n1 × n1), in the order made; and which
 * half's rows each column is then non-zero in (a rotation joins its two columns' halves).
 */
function rotateColumns(
  d: Float64Array, n: number, n1: number, r: { x: number[]; y: number[]; c: number[]; s: number[] },
): { inTop: boolean[]; inBottom: boolean[] } {
  const inTop = Array.from({ length: n }, (_, c) => c < n1);
  const inBottom = inTop.map((top) => !top);
  for (let t = 0; t < r.x.length; t++) {
    const [x, y, c, s] = [r.x[t], r.y[t], r.c[t], r.s[t]];
    for (let row = 0; row < n; row++) {
      const [u, v] = [d[row * n + x], d[row * n + y]];
      d[row * n + x] = c * u + s * v;
      d[row * n + y] = c * v - s * u;
    }
    inTop[x] = inTop[y] = inTop[x] || inTop[y];
    inBottom[x] = inBottom[y] = inBottom[x] || inBottom[y];
  }
  return { inTop, inBottom };
}

/** Copies the size × size block z into d (n × n) at rows and columns from `at` on. */
function placeBlock(d: Float64Array, n: number, z: Float64Array, size: number, at: number): void {
  for (let i = 0; i < size; i++) d.set(z.subarray(i * size, (i + 1) * size), (at + i) * n + at);
}

/** x (n × n) with its columns reordered: column c of the result is column order[c] of x. */
function permutedColumns(x: Float64Array, n: number, order: Int32Array): Float64Array {
  const out = new Float64Array(n * n);
  for (let row = 0; row < n; row++) {
    const at = row * n;
    for (let c = 0; c < n; c++) out[at + c] = x[at + order[c]];
  }
  return out;
}

/**
 * Rows r0 … r1 − 1 of D[:, kept]·Uᵀ (U's row i: eigenvector i over the kept columns) into columns from `offset` on
 * of `out` (n × n), from only the kept columns that are non-zero in those rows (`nonZero`): the rest add nothing.
 */
function keptProduct(
  d: Float64Array, n: number, r0: number, r1: number, kept: Int32Array, nonZero: boolean[], ut: Float64Array,
  out: Float64Array, offset: number,
): void {
  const kk = kept.length;
  const used = Int32Array.from(kept.keys()).filter((j) => nonZero[kept[j]]);
  const w = used.length;
  const rows = r1 - r0;
  if (w === 0 || rows === 0) return;
  const a = new Float64Array(rows * w);
  for (let i = 0; i < rows; i++) for (let j = 0; j < w; j++) a[i * w + j] = d[(r0 + i) * n + kept[used[j]]];
  const u = new Float64Array(kk * w);
  for (let i = 0; i < kk; i++) for (let j = 0; j < w; j++) u[i * w + j] = ut[i * kk + used[j]];
  const product = new Float64Array(rows * kk);
  kernels().gemmNT(a, u, product, rows, w, kk);
  for (let i = 0; i < rows; i++) out.set(product.subarray(i * kk, (i + 1) * kk), (r0 + i) * n + offset);
}

interface Solved {
  values: Float64Array;
  tree: EigenvectorTree;
  /** Rows 0 and size − 1 of the block's Z, by sorted column. */
  first: Float64Array;
  last: Float64Array;
}

function solveBlock(d: Float64Array, e: Float64Array): Solved {
  const n = d.length;
  if (n <= LEAF_SIZE) return solveLeaf(d, e);
  // T = diag(T1 − |β|·e·eᵀ, T2 − |β|·e·eᵀ) + |β|·u·uᵀ, u = e_{n1} + sign(β)·e_{n1+1}.
  const n1 = n >> 1;
  const beta = e[n1 - 1];
  const d1 = d.slice(0, n1);
  const d2 = d.slice(n1);
  d1[n1 - 1] -= Math.abs(beta);
  d2[0] -= Math.abs(beta);
  const top = solveBlock(d1, e.subarray(0, n1 - 1));
  const bottom = solveBlock(d2, e.subarray(n1, n - 1));
  return merge(top, bottom, Math.abs(beta), beta < 0 ? -1 : 1);
}

function solveLeaf(d: Float64Array, e: Float64Array): Solved {
  const n = d.length;
  const values = d.slice();
  const off = new Float64Array(n);
  off.set(e);
  const z = new Float64Array(n * n);
  for (let i = 0; i < n; i++) z[i * n + i] = 1;
  implicitQl(values, off, z, n);
  const order = argsort(values);
  const sorted = new Float64Array(n * n);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) sorted[r * n + c] = z[r * n + order[c]];
  return {
    values: Float64Array.from(order, (j) => values[j]),
    tree: { kind: 'leaf', size: n, z: sorted },
    first: sorted.slice(0, n),
    last: sorted.slice((n - 1) * n),
  };
}

/**
 * The eigen-decomposition of diag(Z1, Z2)·(diag(λ1, λ2) + ρ·z·zᵀ)·diag(Z1, Z2)ᵀ with z = (last row of Z1,
 * sign·first row of Z2): deflation, then the kernels' rankOneEigen on the coupled components.
 */
function merge(top: Solved, bottom: Solved, rho: number, sign: number): Solved {
  const n1 = top.values.length;
  const n = n1 + bottom.values.length;
  const dAll = new Float64Array(n);
  dAll.set(top.values);
  dAll.set(bottom.values, n1);
  // ‖z‖ = √2 (a row of each orthogonal Z): normalised, with ρ doubled to keep ρ·z·zᵀ.
  const z = new Float64Array(n);
  for (let j = 0; j < n1; j++) z[j] = top.last[j] * Math.SQRT1_2;
  for (let j = n1; j < n; j++) z[j] = sign * bottom.first[j - n1] * Math.SQRT1_2;
  rho *= 2;
  // Rows 0 and n − 1 of the rotated diag(Z1, Z2), which the rotations below change like columns.
  const first = new Float64Array(n);
  first.set(top.first);
  const last = new Float64Array(n);
  last.set(bottom.last, n1);

  let zMax = 0;
  let dMax = 0;
  for (let j = 0; j < n; j++) {
    zMax = Math.max(zMax, Math.abs(z[j]));
    dMax = Math.max(dMax, Math.abs(dAll[j]));
  }
  const tol = 8 * EPS * Math.max(dMax, zMax);
  const rotations = { x: [] as number[], y: [] as number[], c: [] as number[], s: [] as number[] };
  // Deflation, in ascending order of d: a negligible z component leaves its eigenpair as it is; two d's closer
  // than tol are rotated so that one of them has z = 0 and deflates.
  const kept: number[] = [];
  const deflated: number[] = [];
  const byValue = argsort(dAll);
  if (rho * zMax > tol) {
    let previous = -1;
    for (const j of byValue) {
      if (rho * Math.abs(z[j]) <= tol) {
        deflated.push(j);
        continue;
      }
      if (previous >= 0) {
        const tau = Math.hypot(z[j], z[previous]);
        const c = z[j] / tau;
        const s = -z[previous] / tau;
        if (Math.abs((dAll[j] - dAll[previous]) * c * s) <= tol) {
          z[j] = tau;
          z[previous] = 0;
          rotations.x.push(previous);
          rotations.y.push(j);
          rotations.c.push(c);
          rotations.s.push(s);
          rotate(first, previous, j, c, s);
          rotate(last, previous, j, c, s);
          const [dp, dj] = [dAll[previous], dAll[j]];
          dAll[previous] = dp * c * c + dj * s * s;
          dAll[j] = dp * s * s + dj * c * c;
          deflated.push(previous);
          kept[kept.length - 1] = j;
          previous = j;
          continue;
        }
      }
      kept.push(j);
      previous = j;
    }
  } else {
    deflated.push(...byValue);
  }
  // A rotation can leave the kept d's out of order by less than tol; the secular equation wants them sorted.
  kept.sort((a, b) => dAll[a] - dAll[b]);
  const k = kept.length;
  const nd = deflated.length;
  const ut = new Float64Array(k * k);
  const unsorted = new Float64Array(n);
  for (let p = 0; p < nd; p++) unsorted[p] = dAll[deflated[p]];
  if (k > 0) {
    const lambda = new Float64Array(k);
    kernels().rankOneEigen(Float64Array.from(kept, (j) => dAll[j]), Float64Array.from(kept, (j) => z[j]), rho, lambda, ut);
    unsorted.set(lambda, nd);
  }
  const order = argsort(unsorted);
  const deflatedIdx = Int32Array.from(deflated);
  const keptIdx = Int32Array.from(kept);
  const rowOf = (row: Float64Array): Float64Array => {
    const pre = new Float64Array(n);
    for (let p = 0; p < nd; p++) pre[p] = row[deflatedIdx[p]];
    for (let i = 0; i < k; i++) {
      let v = 0;
      for (let j = 0; j < k; j++) v += ut[i * k + j] * row[keptIdx[j]];
      pre[nd + i] = v;
    }
    return Float64Array.from(order, (c) => pre[c]);
  };
  return {
    values: Float64Array.from(order, (c) => unsorted[c]),
    tree: { kind: 'merge', size: n, n1, top: top.tree, bottom: bottom.tree, rotations, deflated: deflatedIdx, kept: keptIdx, ut, order: Int32Array.from(order) },
    first: rowOf(first),
    last: rowOf(last),
  };
}

/** Entries (x, y) of a row of Z become (c·x + s·y, c·y − s·x), as its columns do. */
function rotate(row: Float64Array, x: number, y: number, c: number, s: number): void {
  const [a, b] = [row[x], row[y]];
  row[x] = c * a + s * b;
  row[y] = c * b - s * a;
}

/** Rows (x, y) of B (k columns) ← (c·x + t·y, c·y − t·x). */
function rotateRows(b: Float64Array, k: number, x: number, y: number, c: number, t: number): void {
  const [bx, by] = [x * k, y * k];
  for (let col = 0; col < k; col++) {
    const [u, v] = [b[bx + col], b[by + col]];
    b[bx + col] = c * u + t * v;
    b[by + col] = c * v - t * u;
  }
}

/** B (the tree's size × k, row-major) ← Z·B or Zᵀ·B. */
function applyTree(tree: EigenvectorTree, b: Float64Array, k: number, transpose: boolean): void {
  const n = tree.size;
  if (tree.kind === 'leaf') {
    const out = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      for (let p = 0; p < n; p++) {
        const zv = transpose ? tree.z[p * n + i] : tree.z[i * n + p];
        if (zv === 0) continue;
        for (let c = 0; c < k; c++) out[i * k + c] += zv * b[p * k + c];
      }
    }
    b.set(out);
    return;
  }
  const { order } = tree;
  if (tree.kind === 'blocks') {
    // Z = diag(Z_1, …)·P: B's rows by sorted column ↔ by block column.
    const pre = new Float64Array(n * k);
    if (!transpose) for (let c = 0; c < n; c++) pre.set(b.subarray(c * k, (c + 1) * k), order[c] * k);
    const work = transpose ? b : pre;
    tree.blocks.forEach((block, i) => applyTree(block, work.subarray(tree.starts[i] * k, (tree.starts[i] + block.size) * k), k, transpose));
    if (transpose) {
      for (let c = 0; c < n; c++) pre.set(b.subarray(order[c] * k, (order[c] + 1) * k), c * k);
    }
    b.set(pre);
    return;
  }
  // Z = diag(Z1, Z2)·R·S·P: R the rotations, S = (deflated columns, kept columns × Uᵀ), P the sort.
  const { n1, rotations: r, deflated, kept, ut } = tree;
  const nd = deflated.length;
  const kk = kept.length;
  const old = new Float64Array(n * k);
  const pre = new Float64Array(n * k);
  const keptRows = new Float64Array(kk * k);
  const product = new Float64Array(kk * k);
  if (!transpose) {
    for (let c = 0; c < n; c++) pre.set(b.subarray(c * k, (c + 1) * k), order[c] * k);
    for (let p = 0; p < nd; p++) old.set(pre.subarray(p * k, (p + 1) * k), deflated[p] * k);
    if (kk > 0) {
      kernels().gemmTN(ut, pre.subarray(nd * k, n * k), product, kk, kk, k);
      for (let j = 0; j < kk; j++) old.set(product.subarray(j * k, (j + 1) * k), kept[j] * k);
    }
    // R·B = R_1·(R_2·(…)): the last rotation first, each as its 2 × 2 matrix [[c, −s], [s, c]].
    for (let t = r.x.length - 1; t >= 0; t--) rotateRows(old, k, r.x[t], r.y[t], r.c[t], -r.s[t]);
    applyTree(tree.top, old.subarray(0, n1 * k), k, false);
    applyTree(tree.bottom, old.subarray(n1 * k), k, false);
    b.set(old);
    return;
  }
  old.set(b.subarray(0, n * k));
  applyTree(tree.top, old.subarray(0, n1 * k), k, true);
  applyTree(tree.bottom, old.subarray(n1 * k), k, true);
  for (let t = 0; t < r.x.length; t++) rotateRows(old, k, r.x[t], r.y[t], r.c[t], r.s[t]);
  for (let p = 0; p < nd; p++) pre.set(old.subarray(deflated[p] * k, (deflated[p] + 1) * k), p * k);
  if (kk > 0) {
    for (let j = 0; j < kk; j++) keptRows.set(old.subarray(kept[j] * k, (kept[j] + 1) * k), j * k);
    kernels().gemm(ut, keptRows, product, kk, kk, k);
    pre.set(product, nd * k);
  }
  for (let c = 0; c < n; c++) b.set(pre.subarray(order[c] * k, (order[c] + 1) * k), c * k);
}

function argsort(values: Float64Array): number[] {
  return Array.from(values, (_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
}

/**
 * Implicit QL with Wilkinson shifts (EISPACK tql1/tql2): eigenvalues of (d, e) into d, e[i] coupling i and i + 1
 * (destroyed). With `z` (size × size row-major) each rotation is applied to its columns, so Z·(eigenvectors of
 * T) accumulates. Eigenvalues are unsorted.
 */
function implicitQl(d: Float64Array, e: Float64Array, z: Float64Array | null, size: number): void {
  const n = d.length;
  if (n === 0) return;
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]) > Number.EPSILON * tst1) m++;
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
          if (z) {
            for (let row = 0; row < size; row++) {
              const at = row * size + i;
              const zi1 = z[at + 1];
              z[at + 1] = s * z[at] + c * zi1;
              z[at] = c * z[at] - s * zi1;
            }
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > Number.EPSILON * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
}
