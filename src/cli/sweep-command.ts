/**
 * `cli sweep --data F --grid "lr=1e-4:1e-1:log:4;batch-size=32,128" --seeds 3 [--random N] [--json]` plus any
 * `train` flag for the base settings: every point of the grid (or N random draws) × every seed, trained here one
 * after another with the same engine code as `train`, on the same split. Every point is resolved before the first
 * run starts, so a bad grid prints one line and exits with code 2 having trained nothing.
 */
import { parseGrid, pointLabel, type SweepPoint } from '../engine/catalog/sweep-settings';
import type { SplitMetrics } from '../engine/trainers/types';
import { runTrainingJob } from '../engine/trainers/train';
import { HEADLINE_METRIC, SPLIT_METRICS } from '../shared/metric-catalog';
import { resolvePoints, samplePoints, type SweepSample } from '../main/studies/sweep-points';
import { CliError } from './cli-error';
import { formatMetrics, formatMs } from './format';
import { loadTrainingTable } from './load-table';
import { parseTrainOptions, prepareOptions } from './train-options';

const SWEEP_FLAGS = ['grid', 'seeds', 'random'] as const;
type SweepFlag = (typeof SWEEP_FLAGS)[number];

/** Takes the sweep's own flags out of argv; the rest are `train` flags (the base settings). */
function splitFlags(argv: readonly string[]): { own: Partial<Record<SweepFlag, string>>; rest: string[] } {
  const own: Partial<Record<SweepFlag, string>> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') ? argv[i].slice(2).split(/=(.*)/s, 2) : [''];
    const name = SWEEP_FLAGS.find((f) => f === flag);
    if (!name) {
      rest.push(argv[i]);
      continue;
    }
    const text = inline ?? argv[++i];
    if (text === undefined) throw new CliError(`--${name} needs a value`);
    own[name] = text;
  }
  return { own, rest };
}

function count(flag: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const v = Number(text);
  if (!Number.isInteger(v) || v < 1 || v > max) throw new CliError(`--${flag} ${text}: expected a whole number from 1 to ${max}`);
  return v;
}

interface SweepRunResult {
  point: SweepPoint;
  seed: number;
  status: string;
  trainMs: number;
  /** Best validation score over the epochs and its epoch (the headline metric). */
  best: { value: number; epoch: number } | null;
  val: SplitMetrics | undefined;
  test: SplitMetrics | undefined;
}

export async function sweepCommand(argv: string[]): Promise<void> {
  const { own, rest } = splitFlags(argv);
  if (own.grid === undefined) throw new CliError('sweep needs --grid, e.g. --grid "lr=1e-4:1e-1:log:4;batch-size=32,128"');
  const axes = parseGrid(own.grid);
  const seedCount = count('seeds', own.seeds, 1, 20);
  const options = parseTrainOptions(rest);
  const sample: SweepSample = own.random === undefined ? { kind: 'grid' } : { kind: 'random', count: count('random', own.random, 1, 500), seed: options.seed };
  const { table, target, task } = await loadTrainingTable(options.data, options.target, options.task);
  const base = options.trainer(task);
  const points = resolvePoints({ ...base }, null, samplePoints(axes, sample), task);
  const seeds = Array.from({ length: seedCount }, (_, i) => options.seed + i);
  const metric = HEADLINE_METRIC[task];
  const higher = SPLIT_METRICS[metric].higherIsBetter;
  const log = (line: string) => (options.json ? process.stderr : process.stdout).write(`${line}\n`);
  let cancelled = false;
  process.once('SIGINT', () => {
    cancelled = true;
  });
  log(`sweep on ${options.data}: ${points.length} points × ${seeds.length} seeds = ${points.length * seeds.length} runs, ranked by validation ${metric}`);
  const results: SweepRunResult[] = [];
  const started = performance.now();
  for (const { point, trainer } of points) {
    for (const seed of seeds) {
      if (cancelled) break;
      const outcome = await runTrainingJob(
        { table, data: prepareOptions(options, target, task), trainer, seed },
        { shouldStop: () => cancelled, yieldNow: () => new Promise((resolve) => setImmediate(resolve)) },
      );
      const series = outcome.records.map((r, i) => ({ value: r.val?.[metric], epoch: i + 1 })).filter((s) => s.value !== undefined) as { value: number; epoch: number }[];
      if (!series.length && outcome.metrics.val?.[metric] !== undefined) series.push({ value: outcome.metrics.val[metric], epoch: 1 });
      const best = series.reduce<{ value: number; epoch: number } | null>((b, s) => (b === null || (higher ? s.value > b.value : s.value < b.value) ? s : b), null);
      results.push({ point, seed, status: outcome.status, trainMs: outcome.trainMs, best, val: outcome.metrics.val, test: outcome.metrics.test });
      log(`${results.length}/${points.length * seeds.length}  ${pointLabel(point)}  seed ${seed}  ${outcome.status} in ${formatMs(outcome.trainMs)}  ${formatMetrics(outcome.metrics.val, 'val_')}`);
    }
  }
  const ranked = results.filter((r) => r.best).sort((a, b) => (higher ? b.best!.value - a.best!.value : a.best!.value - b.best!.value));
  const top = ranked[0];
  if (top) log(`best: ${pointLabel(top.point)} seed ${top.seed}: best validation ${metric} ${top.best!.value.toFixed(4)} at epoch ${top.best!.epoch}  test: ${formatMetrics(top.test) || 'no test split'}`);
  log(`${results.length} runs in ${formatMs(performance.now() - started)}${cancelled ? ' (stopped on request)' : ''}`);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({
      task, metric: `val.${metric}`, runs: results, best: top ? { point: top.point, seed: top.seed, best: top.best, test: top.test } : null,
    })}\n`);
  }
}
