/**
 * Progress over a job of several steps of unequal cost: each step has a weight (an estimate of its arithmetic,
 * in flops) and reports its own fraction done; the plan turns that into the fraction of the whole job, which is
 * what a progress bar and an ETA need. Steps not in the plan are ignored; the fraction never goes backwards.
 */
export class WorkPlan {
  private readonly starts = new Map<string, { start: number; weight: number }>();
  private readonly total: number;
  private last = 0;

  constructor(steps: readonly (readonly [step: string, weight: number])[], private readonly report?: (fraction: number, step: string) => void) {
    let start = 0;
    for (const [step, weight] of steps) {
      const w = Number.isFinite(weight) && weight > 0 ? weight : 0;
      this.starts.set(step, { start, weight: w });
      start += w;
    }
    this.total = start;
  }

  /** Step `step` is `fraction` (0…1) done. */
  at(step: string, fraction: number): void {
    const s = this.starts.get(step);
    if (!s || !this.report || this.total <= 0) return;
    const overall = Math.min(1, (s.start + s.weight * Math.min(1, Math.max(0, fraction))) / this.total);
    if (overall < this.last) return;
    this.last = overall;
    this.report(overall, step);
  }
}
