/**
 * `cli lr-find` (the learning-rate range test) and `cli tune` (the ELM's hidden units and C chosen by exact
 * leave-one-out error): the train command's flags and data path, the engine's own routines, in this process.
 */
import { prepareSplits } from '../engine/data/prepare';
import { lrRangeTest } from '../engine/trainers/backprop/lr-range-test';
import { runTrainingJob } from '../engine/trainers/train';
import { CliError } from './cli-error';
import { formatMetrics, formatMs } from './format';
import { loadTrainingTable } from './load-table';
import { parseTrainOptions, prepareOptions } from './train-options';

const untilStopped = () => {
  let stopped = false;
  process.once('SIGINT', () => {
    stopped = true;
  });
  return { shouldStop: () => stopped, yieldNow: () => new Promise<void>((resolve) => setImmediate(resolve)) };
};

const logger = (json: boolean) => (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);

export async function lrFindCommand(argv: string[]): Promise<void> {
  const options = parseTrainOptions(argv);
  const { table, target, task } = await loadTrainingTable(options.data, options.target, options.task);
  const trainer = options.trainer(task);
  if (trainer.trainer !== 'backprop') throw new CliError('lr-find is for backpropagation: leave out --trainer or give --trainer backprop');
  const log = logger(options.json);
  const { splits } = prepareSplits(table, prepareOptions(options, target, task));
  log(`learning-rate range test on ${options.data}: target ${target} (${task}), ${trainer.optimizer.id}, batch size ${trainer.batchSize}`);
  const r = await lrRangeTest(splits, trainer, options.seed, untilStopped());
  for (const p of r.points.filter((_, i) => i % 10 === 0)) log(`lr ${p.lr.toExponential(2)}  smoothed loss ${p.smoothed.toPrecision(4)}`);
  log(r.divergedAt === null ? 'the loss did not blow up before the largest rate' : `the loss blew up at lr ${r.divergedAt.toExponential(2)}`);
  log(r.suggestion === null ? `${r.status}: no suggestion (the loss never fell)` : `${r.status} in ${formatMs(r.ms)}: suggested learning rate ${r.suggestion.toPrecision(3)}`);
  if (options.json) process.stdout.write(`${JSON.stringify({ status: r.status, suggestion: r.suggestion, divergedAt: r.divergedAt, ms: r.ms, points: r.points })}\n`);
}

export async function tuneCommand(argv: string[]): Promise<void> {
  const options = parseTrainOptions(argv);
  const { table, target, task } = await loadTrainingTable(options.data, options.target, options.task);
  const requested = options.trainer(task);
  if (requested.trainer !== 'elm') throw new CliError('tune chooses the ELM\'s hidden units and C: give --trainer elm');
  if (requested.solver !== 'ridge') throw new CliError(`--solver ${requested.solver}: tune needs the ridge solver`);
  const log = logger(options.json);
  log(`choosing hidden units (up to ${requested.hiddenUnits}, --hidden-units) and C for an ELM on ${options.data}: target ${target} (${task})`);
  const outcome = await runTrainingJob({ table, data: prepareOptions(options, target, task), trainer: { ...requested, auto: true }, seed: options.seed }, untilStopped());
  const selection = outcome.elm?.selection;
  if (!selection) {
    log(`${outcome.status}: no choice made`);
    if (options.json) process.stdout.write(`${JSON.stringify({ status: outcome.status })}\n`);
    return;
  }
  const val = selection.valMetric ?? 'validation';
  log(`hidden units  C          leave-one-out  GCV          ${val}`);
  for (const p of selection.points) {
    log(`${String(p.hiddenUnits).padStart(12)}  ${p.c.toExponential(0).padEnd(9)}  ${p.loo.toPrecision(4).padEnd(13)}  ${p.gcv.toPrecision(4).padEnd(11)}  ${p.val === null ? '' : p.val.toPrecision(4)}`);
  }
  log(`chosen: ${selection.hiddenUnits} hidden units, C ${selection.c}; the curve took ${formatMs(selection.ms)}, the fit ${formatMs(outcome.trainMs)}`);
  log(`${outcome.status}  test: ${formatMetrics(outcome.metrics.test) || 'no test split'}`);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({
      status: outcome.status, hiddenUnits: selection.hiddenUnits, c: selection.c, curveMs: selection.ms, fitMs: outcome.trainMs,
      valMetric: selection.valMetric, points: selection.points, metrics: outcome.metrics,
    })}\n`);
  }
}
