import { describe, expect, it } from 'vitest';
import { fromRows } from '../testing/matrix-rows';
import { argmaxRows } from './argmax-rows';

describe('argmaxRows', () => {
  it('returns the column of the largest value per row, the first on ties', () => {
    const m = fromRows([[0.1, 0.7, 0.2], [3, 3, 1], [-5, -2, -9], [NaN, 1, 2]], 'float32');
    expect(Array.from(argmaxRows(m))).toEqual([1, 0, 1, 2]);
  });
});
