import { describe, expect, it } from 'vitest';
import { allocateCounts, DEFAULT_FIXED_VAL_FRACTION, splitRows, type RowSplits } from './split';

const range = (n: number, start = 0): Int32Array => Int32Array.from({ length: n }, (_, i) => start + i);
const ratio = (train: number, val: number, test: number) => ({ kind: 'ratio' as const, train, val, test });
const all = (s: RowSplits): number[] => [...s.train, ...s.val, ...s.test];

function expectPartition(s: RowSplits, rows: Int32Array): void {
  expect(all(s).sort((a, b) => a - b)).toEqual([...rows].sort((a, b) => a - b));
  for (const part of [s.train, s.val, s.test]) {
    for (let i = 1; i < part.length; i++) expect(part[i]).toBeGreaterThan(part[i - 1]);
  }
}

describe('allocateCounts', () => {
  it('follows the ratios and sums to n', () => {
    expect(allocateCounts(100, [0.7, 0.15, 0.15])).toEqual([70, 15, 15]);
    expect(allocateCounts(10, [0.8, 0.2, 0])).toEqual([8, 2, 0]);
    for (let n = 0; n < 60; n++) {
      const c = allocateCounts(n, [0.6, 0.25, 0.15]);
      expect(c[0] + c[1] + c[2]).toBe(n);
      if (n >= 3) [0.6, 0.25, 0.15].forEach((r, s) => expect(Math.abs(c[s] - n * r)).toBeLessThan(1.5));
    }
  });

  it('gives every non-empty split a row once a group has 3 rows, and train always one', () => {
    expect(allocateCounts(3, [0.7, 0.15, 0.15])).toEqual([1, 1, 1]);
    expect(allocateCounts(4, [0.9, 0.05, 0.05])).toEqual([2, 1, 1]);
    expect(allocateCounts(3, [0.9, 0.1, 0])).toEqual([2, 1, 0]);
    expect(allocateCounts(1, [0.2, 0.4, 0.4])).toEqual([1, 0, 0]);
    expect(allocateCounts(2, [0.2, 0.4, 0.4])[0]).toBe(1);
  });
});

describe('splitRows', () => {
  it('validates ratios', () => {
    const rows = range(10);
    expect(() => splitRows(rows, ratio(0.7, 0.2, 0.2), 1)).toThrow(/sum to 1/);
    expect(() => splitRows(rows, ratio(1.2, -0.1, -0.1), 1)).toThrow(/\[0, 1\]/);
    expect(() => splitRows(rows, ratio(0, 0.5, 0.5), 1)).toThrow(/train must be greater than 0/);
    expect(() => splitRows(rows, ratio(Number.NaN, 0.5, 0.5), 1)).toThrow(/train/);
    expect(() => splitRows(new Int32Array(0), ratio(1, 0, 0), 1)).toThrow(/no rows/);
    expect(() => splitRows(rows, ratio(1, 0, 0), 1, new Int32Array(3))).toThrow(/strata/);
  });

  it('splits a random partition by ratio, with empty splits allowed', () => {
    const rows = range(200, 5);
    const s = splitRows(rows, ratio(0.7, 0.15, 0.15), 42);
    expectPartition(s, rows);
    expect([s.train.length, s.val.length, s.test.length]).toEqual([140, 30, 30]);
    const noVal = splitRows(rows, ratio(0.8, 0, 0.2), 42);
    expect([noVal.train.length, noVal.val.length, noVal.test.length]).toEqual([160, 0, 40]);
  });

  it('stratifies an imbalanced label vector in the same proportions per class', () => {
    // 90 rows of class 0, 8 of class 1, 3 of class 2, interleaved so table order says nothing.
    const labels = [...Array(90).fill(0), ...Array(8).fill(1), ...Array(3).fill(2)];
    const order = range(labels.length).sort((a, b) => ((a * 37) % 101) - ((b * 37) % 101));
    const rows = Int32Array.from(order);
    const strata = Int32Array.from(order, (r) => labels[r]);
    const ratios = [0.7, 0.15, 0.15];
    const s = splitRows(rows, ratio(0.7, 0.15, 0.15), 7, strata);
    expectPartition(s, rows);
    [s.train, s.val, s.test].forEach((part, k) => {
      for (const cls of [0, 1, 2]) {
        const n = labels.filter((l) => l === cls).length;
        const got = [...part].filter((r) => labels[r] === cls).length;
        // Class 2 (3 rows) is split 1/1/1 by the at-least-one rule rather than by rounding.
        if (cls !== 2) expect(Math.abs(got - n * ratios[k])).toBeLessThan(1);
        expect(got).toBeGreaterThanOrEqual(1);
      }
    });
  });

  it('keeps a class with one or two rows in train', () => {
    const labels = [...Array(20).fill(0), 1, 2, 2];
    const rows = range(labels.length);
    for (let seed = 0; seed < 20; seed++) {
      const s = splitRows(rows, ratio(0.3, 0.35, 0.35), seed, Int32Array.from(labels));
      const trainLabels = new Set([...s.train].map((r) => labels[r]));
      expect([...trainLabels].sort()).toEqual([0, 1, 2]);
    }
  });

  it('is deterministic by seed and differs across seeds', () => {
    const rows = range(100);
    const strata = Int32Array.from(rows, (r) => r % 3);
    const a = splitRows(rows, ratio(0.6, 0.2, 0.2), 123, strata);
    const b = splitRows(rows, ratio(0.6, 0.2, 0.2), 123, strata);
    const c = splitRows(rows, ratio(0.6, 0.2, 0.2), 124, strata);
    expect(b).toEqual(a);
    expect(c.train).not.toEqual(a.train);
  });

  it('fixed split: the first rows are train+val, the rest is test', () => {
    const rows = range(50);
    const strata = Int32Array.from(rows, (r) => r % 2);
    const s = splitRows(rows, { kind: 'fixed', trainRows: 40, val: 0.25 }, 3, strata);
    expectPartition(s, rows);
    expect([...s.test]).toEqual([...range(10, 40)]);
    expect(s.val.length).toBe(10);
    expect([...s.val].filter((r) => r % 2 === 0).length).toBe(5);
    expect([...s.train, ...s.val].every((r) => r < 40)).toBe(true);

    const byDefault = splitRows(rows, { kind: 'fixed', trainRows: 40 }, 3);
    expect(byDefault.val.length).toBe(Math.round(40 * DEFAULT_FIXED_VAL_FRACTION));
    expect(() => splitRows(rows, { kind: 'fixed', trainRows: 0 }, 3)).toThrow(/positive integer/);
    expect(() => splitRows(range(5, 10), { kind: 'fixed', trainRows: 3 }, 3)).toThrow(/no rows before row 3/);
    expect(() => splitRows(rows, { kind: 'fixed', trainRows: 10, val: 1 }, 3)).toThrow(/val must be/);
  });
});
