import { Rng } from '../math/random';
import type { Table } from '../data/table';

/**
 * Small reproducible tables for tests: `blobs` has three Gaussian classes in 4 numeric features plus a
 * categorical feature; `linear` is y = 3·x1 − 2·x2 + 1 + noise. Only tests import this module.
 */
export function blobsTable(rows: number, seed: number): Table {
  const rng = new Rng(seed);
  const f = Array.from({ length: 4 }, () => new Float64Array(rows));
  const color = new Int32Array(rows);
  const label = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const k = i % 3;
    label[i] = k;
    for (let j = 0; j < 4; j++) f[j][i] = rng.normal(j === k ? 3 : 0, 1);
    color[i] = rng.int(2);
  }
  return {
    rowCount: rows,
    columns: [
      ...f.map((values, j) => ({ name: `x${j + 1}`, kind: 'numeric' as const, values })),
      { name: 'color', kind: 'categorical', codes: color, categories: ['red', 'blue'] },
      { name: 'species', kind: 'categorical', codes: label, categories: ['a', 'b', 'c'] },
    ],
  };
}

export function linearTable(rows: number, seed: number, noise = 0.1): Table {
  const rng = new Rng(seed);
  const x1 = new Float64Array(rows);
  const x2 = new Float64Array(rows);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    x1[i] = rng.normal();
    x2[i] = rng.normal();
    y[i] = 3 * x1[i] - 2 * x2[i] + 1 + rng.normal(0, noise);
  }
  return {
    rowCount: rows,
    columns: [
      { name: 'x1', kind: 'numeric', values: x1 },
      { name: 'x2', kind: 'numeric', values: x2 },
      { name: 'y', kind: 'numeric', values: y },
    ],
  };
}
