import { describe, expect, it } from 'vitest';
import { measurePair } from './measure';

describe('measurePair', () => {
  it('alternates the two workloads after one warm-up each and takes the median of the runs\' ratios', async () => {
    const calls: string[] = [];
    let a = 0;
    let b = 0;
    // First: 1, 2, 3, 100 s (the last run an outlier); second: twice the first in each run.
    const first = [5, 1, 2, 3, 100];
    const second = [5, 2, 4, 6, 200];
    const r = await measurePair(['a', 'b'], [
      async () => { calls.push('a'); return { sec: first[a++] }; },
      async () => { calls.push('b'); return { sec: second[b++] }; },
    ], { runs: 4, log: () => {} });
    expect(calls).toEqual(['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b']);
    expect(r.first.sec).toBe(2.5);
    expect(r.second.sec).toBe(5);
    expect(r.ratio('sec')).toBe(2);
  });
});
