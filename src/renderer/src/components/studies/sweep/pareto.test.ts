import { describe, expect, it } from 'vitest';
import { paretoFront, type ScoredPoint } from './pareto';

/** The definition itself: no other point at least as good on both and better on one. */
function bruteForce(points: ScoredPoint[], higher: boolean): number[] {
  const sign = higher ? 1 : -1;
  return points.filter((p) => !points.some((q) => q !== p && q.seconds <= p.seconds && sign * q.score >= sign * p.score
    && (q.seconds < p.seconds || sign * q.score > sign * p.score))).map((p) => p.id).sort((a, b) => a - b);
}

describe('paretoFront', () => {
  it('keeps the runs nothing beats on both score and time, cheapest first', () => {
    const points = [
      { id: 1, seconds: 1, score: 0.8 }, { id: 2, seconds: 2, score: 0.9 }, { id: 3, seconds: 3, score: 0.85 },
      { id: 4, seconds: 4, score: 0.95 }, { id: 5, seconds: 1.5, score: 0.7 },
    ];
    expect(paretoFront(points, true).map((p) => p.id)).toEqual([1, 2, 4]);
    // For an error, lower is better.
    expect(paretoFront(points, false).map((p) => p.id)).toEqual([1, 5]);
  });

  it('agrees with the definition on random points, ties included', () => {
    let s = 7;
    const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647);
    for (let t = 0; t < 50; t++) {
      const points = Array.from({ length: 12 }, (_, i) => ({ id: i, seconds: Math.round(rnd() * 5), score: Math.round(rnd() * 5) / 5 }));
      for (const higher of [true, false]) {
        expect(paretoFront(points, higher).map((p) => p.id).sort((a, b) => a - b)).toEqual(bruteForce(points, higher));
      }
    }
  });
});
