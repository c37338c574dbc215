/**
 * Time to parity: the one definition of "speed at equal quality" that Compare's table and the bench's parity
 * table both use. For each run, the first moment (training time, the trainer's own clock: never engine
 * start-up) its validation score reached a common target; by default the target is the worst final
 * validation score among the runs, so every run has a time. Pure and zod-free: the renderer and bench import it.
 */

export interface ParityRun {
  id: number;
  /** How the sentence names the run ("#3 Adam"). */
  name: string;
  /** Validation score after each epoch, with the training time (ms) it was reached at; an ELM has one point. */
  timeMs: readonly number[];
  score: readonly number[];
  /** The run's final validation score (of the weights it kept); null when it has none. */
  finalScore: number | null;
}

export interface ParityOptions {
  higherIsBetter: boolean;
  /** The score is a fraction shown as a percentage (accuracy): a typed 90 means 0.9. */
  fraction: boolean;
  /** The person's target, as typed; null or undefined: the worst final score. */
  target?: number | null;
  /** Speed-ups are this run's time ÷ each run's time; null or unknown id: the first run. */
  baselineId?: number | null;
}

export interface ParityRow {
  id: number;
  name: string;
  /** Training time when the validation score first reached the target; null: never reached. */
  timeToTargetMs: number | null;
  finalScore: number | null;
  /** Baseline's time to target ÷ this run's; null when either never reached it. */
  speedup: number | null;
  /** The baseline's final score, shown beside the speed-up with this run's. */
  baselineFinalScore: number | null;
}

export interface Parity {
  /** The target in the score's own units (a fraction for accuracy); null when no run has a score. */
  target: number | null;
  targetIsDefault: boolean;
  baselineId: number | null;
  rows: ParityRow[];
  /** The result in one plain sentence. */
  sentence: string;
}

/** A typed target in the score's units: for a fraction, values above 1 are percentages (90 → 0.9). */
export function normaliseTarget(value: number, fraction: boolean): number {
  return fraction && value > 1 ? value / 100 : value;
}

const reaches = (score: number, target: number, higherIsBetter: boolean): boolean =>
  higherIsBetter ? score >= target : score <= target;

function firstReach(run: ParityRun, target: number, higherIsBetter: boolean): number | null {
  const i = run.score.findIndex((s) => Number.isFinite(s) && reaches(s, target, higherIsBetter));
  return i < 0 ? null : run.timeMs[i];
}

/** Scores as the sentence shows them: a percentage with one decimal, or four significant digits. */
function formatParityScore(v: number, fraction: boolean): string {
  return fraction ? `${(v * 100).toFixed(1)} %` : String(Number(v.toPrecision(4)));
}

/** Training time as the sentence shows it. */
function formatParityTime(ms: number): string {
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** How much faster a is than b, in words; ratios are measured figures, never the literature's claim. */
function ratioWords(ratio: number): string {
  if (ratio >= 1) return `${Number(ratio.toPrecision(3))}× faster`;
  return `${Number((1 / ratio).toPrecision(3))}× slower`;
}

function sentenceOf(rows: readonly ParityRow[], target: number, baseline: ParityRow, options: ParityOptions): string {
  const score = (v: number) => formatParityScore(v, options.fraction);
  const reached = rows.filter((r) => r.timeToTargetMs !== null).sort((a, b) => a.timeToTargetMs! - b.timeToTargetMs!);
  const never = rows.filter((r) => r.timeToTargetMs === null);
  const better = (r: ParityRow) => r.finalScore !== null && r.finalScore !== target && reaches(r.finalScore, target, options.higherIsBetter);
  const parts: string[] = [];
  reached.forEach((r, i) => {
    const went = better(r) ? ` and went on to ${score(r.finalScore!)}` : '';
    parts.push(i === 0
      ? `${r.name} reached ${score(target)} in ${formatParityTime(r.timeToTargetMs!)}${went}`
      : `${r.name} reached it in ${formatParityTime(r.timeToTargetMs!)}${went}`);
  });
  for (const r of never) {
    parts.push(`${r.name} never reached it${r.finalScore === null ? '' : ` (final ${score(r.finalScore)})`}`);
  }
  let sentence = `${parts.join('; ')}.`;
  if (reached.length === 0) sentence = `No run reached ${score(target)}.`;
  const fastest = reached[0];
  if (fastest && fastest.id !== baseline.id && baseline.timeToTargetMs !== null && fastest.speedup !== null) {
    sentence += ` Measured: ${fastest.name} was ${ratioWords(fastest.speedup)} to this score than ${baseline.name}.`;
  } else if (fastest && fastest.id === baseline.id && reached.length > 1) {
    const next = reached[1];
    sentence += ` Measured: ${next.name} was ${ratioWords(next.speedup!)} to this score than ${baseline.name}.`;
  }
  return sentence;
}

/** Time to the target, final score and speed-up for every run, and the sentence that sums them up. */
export function timeToParity(runs: readonly ParityRun[], options: ParityOptions): Parity {
  const finals = runs.map((r) => r.finalScore).filter((v): v is number => v !== null && Number.isFinite(v));
  const typed = options.target ?? null;
  const worst = finals.length ? (options.higherIsBetter ? Math.min(...finals) : Math.max(...finals)) : null;
  const target = typed !== null && Number.isFinite(typed) ? normaliseTarget(typed, options.fraction) : worst;
  const baselineRun = runs.find((r) => r.id === options.baselineId) ?? runs[0];
  const baselineId = baselineRun?.id ?? null;
  if (target === null || !baselineRun) {
    const rows = runs.map((r) => ({
      id: r.id, name: r.name, timeToTargetMs: null, finalScore: r.finalScore, speedup: null, baselineFinalScore: null,
    }));
    return { target: null, targetIsDefault: true, baselineId, rows, sentence: 'No run has a validation score yet.' };
  }
  const times = runs.map((r) => firstReach(r, target, options.higherIsBetter));
  const baseTime = times[runs.indexOf(baselineRun)];
  const rows = runs.map((r, i): ParityRow => {
    const t = times[i];
    return {
      id: r.id, name: r.name, timeToTargetMs: t, finalScore: r.finalScore,
      speedup: baseTime !== null && t !== null && t > 0 ? baseTime / t : null,
      baselineFinalScore: baselineRun.finalScore,
    };
  });
  const baseline = rows[runs.indexOf(baselineRun)];
  return { target, targetIsDefault: typed === null, baselineId, rows, sentence: sentenceOf(rows, target, baseline, options) };
}
