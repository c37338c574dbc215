/**
 * The Pareto front of a study's runs on score versus training time: the runs no other run beats on both (at
 * least as good a score in no more time, better on one). Sorted by time, so the front draws as a staircase.
 */
export interface ScoredPoint {
  id: number;
  seconds: number;
  score: number;
}

export function paretoFront<P extends ScoredPoint>(points: readonly P[], higherIsBetter: boolean): P[] {
  const better = (a: number, b: number) => (higherIsBetter ? a > b : a < b);
  const sorted = [...points].sort((a, b) => a.seconds - b.seconds || (better(a.score, b.score) ? -1 : better(b.score, a.score) ? 1 : 0));
  const front: P[] = [];
  for (const p of sorted) {
    const last = front[front.length - 1];
    // Two runs with the same time and score are both on the front: neither beats the other.
    if (!last || better(p.score, last.score) || (p.score === last.score && p.seconds === last.seconds)) front.push(p);
  }
  return front;
}
