/**
 * Headless CLI: `train`, `predict`, `lr-find` and `tune` run the same engine code as the app (runTrainingJob and the
 * saved-model loader), in this process. Usage problems print one line and exit with code 2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { lossClassProblem } from '../engine/catalog/losses';
import { loadModel, parseTrainedModel, predictTable } from '../engine/model/trained-model';
import { runTrainingJob } from '../engine/trainers/train';
import { presentClasses } from '../main/datasets/columns';
import { configureKernels } from '../main/engine-host/configure-kernels';
import { toCsv } from '../shared/csv-writer';
import { quote } from '../shared/quote';
import { CliError, isUsersToFix } from './cli-error';
import { exportCommand, importRunCommand } from './export-commands';
import { formatMetrics, formatMs } from './format';
import { loadPredictTable, loadTrainingTable } from './load-table';
import { sweepCommand } from './sweep-command';
import { lrFindCommand, tuneCommand } from './study-commands';
import { parseTrainOptions, prepareOptions } from './train-options';

const USAGE = `usage:
  cli train --data FILE [--target COL] [--task classification|regression] [--trainer backprop|elm]
            [--layers 64,64] [--activation relu] [--optimizer adam] [--loss crossEntropy] [--lr 0.001]
            [--batch-size 32] [--epochs 100] [--patience N] [--hidden-units 200] [--elm-activation sigmoid]
            [--solver ridge|pinv] [--c 1000] [--split 0.7,0.15,0.15] [--seed 0] [--out model.json] [--json]
  cli sweep --data FILE --grid "lr=1e-4:1e-1:log:4;batch-size=32,128" [--seeds 3] [--random N] [train flags] [--json]
            (grid settings: optimizer lr momentum weight-decay loss schedule batch-size epochs patience width depth
             dropout hidden-units elm-activation solver c; a range is start:end:log|lin:count, a list a,b,c)
  cli lr-find --data FILE [train's backprop flags] [--json]   (suggests a learning rate)
  cli tune --data FILE --trainer elm [--hidden-units MAX] [--json]   (chooses hidden units and C)
  cli predict --model model.json --data FILE      (CSV of predictions on stdout)
  cli export --model model.json --format onnx --out model.onnx
  cli export --run ID --format onnx|pytorch --out FILE|DIR [--data-dir DIR]
  cli import-run DIR [--data-dir DIR]             (a bundle folder after train.py ran)`;

async function train(argv: string[]): Promise<void> {
  const options = parseTrainOptions(argv);
  const { table, target, task } = await loadTrainingTable(options.data, options.target, options.task);
  const trainer = options.trainer(task);
  if (trainer.trainer === 'backprop' && task === 'classification') {
    // The training table has the target first.
    const problem = lossClassProblem(trainer.loss.id, presentClasses(table.columns[0]).length, `target ${quote(target)}`);
    if (problem) throw new CliError(`--loss ${trainer.loss.id}: ${problem}`);
  }
  let cancelled = false;
  process.once('SIGINT', () => {
    cancelled = true;
  });
  const log = (line: string) => (options.json ? process.stderr : process.stdout).write(`${line}\n`);
  log(`${trainer.trainer} on ${options.data}: target ${target} (${task}), ${table.rowCount} rows`);
  const outcome = await runTrainingJob(
    { table, data: prepareOptions(options, target, task), trainer, seed: options.seed },
    {
      onEpoch: ({ epoch, totalEpochs, record }) =>
        log(`epoch ${String(epoch).padStart(4)}/${totalEpochs}  ${formatMetrics(record.train)}  ${formatMetrics(record.val, 'val_')}  lr ${record.lr.toPrecision(3)}  ${formatMs(record.epochMs)}`),
      shouldStop: () => cancelled,
      yieldNow: () => new Promise((resolve) => setImmediate(resolve)),
    },
  );
  if (outcome.elm) {
    const { hiddenMs, solveMs, rank, condition, solverUsed } = outcome.elm;
    log(`elm: hidden layer ${formatMs(hiddenMs)}, solve ${formatMs(solveMs)} (${solverUsed}), rank ${rank ?? '?'}, condition ${condition?.toExponential(2) ?? '?'}`);
  }
  if (outcome.divergence) log(`diverged: ${outcome.divergence.message}`);
  log(`${outcome.status} in ${formatMs(outcome.trainMs)}  test: ${formatMetrics(outcome.metrics.test) || 'no test split'}`);
  if (options.out) {
    if (!outcome.model) throw new CliError(`no model to save: the run ${outcome.status} before any usable weights`);
    try {
      writeFileSync(options.out, JSON.stringify(outcome.model));
    } catch (e) {
      throw new CliError(`cannot write ${options.out}: ${(e as Error).message}`);
    }
    log(`model saved to ${options.out}`);
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify({
      trainer: outcome.trainer, task: outcome.task, epochs: outcome.records.length, status: outcome.status,
      trainMs: outcome.trainMs, metrics: outcome.metrics,
    })}\n`);
  }
}

async function predict(argv: string[]): Promise<void> {
  const args = Object.fromEntries(
    argv.reduce<[string, string][]>((pairs, a, i) => (a.startsWith('--') ? [...pairs, [a.slice(2), argv[i + 1]]] : pairs), []),
  );
  const unknown = Object.keys(args).filter((k) => k !== 'model' && k !== 'data');
  if (unknown.length) throw new CliError(`unknown option --${unknown[0]} for predict`);
  if (!args.model || !args.data) throw new CliError('predict needs --model model.json and --data FILE');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(args.model, 'utf8'));
  } catch (e) {
    throw new CliError(`cannot read model ${args.model}: ${(e as Error).message}`);
  }
  const loaded = loadModel(parseTrainedModel(json));
  const table = await loadPredictTable(args.data, loaded.model.preprocessing);
  const p = predictTable(loaded, table);
  const k = loaded.model.classes.length;
  const header = ['prediction', ...(p.probabilities ? loaded.model.classes.map((c) => `p_${c}`) : [])];
  const rows = Array.from({ length: table.rowCount }, (_, i) => [
    p.labels ? p.labels[i] : p.values![i],
    ...(p.probabilities ? Array.from(p.probabilities.data.subarray(i * k, (i + 1) * k)) : []),
  ]);
  process.stdout.write(toCsv(header, rows));
}

async function main(argv: string[]): Promise<void> {
  configureKernels();
  const [command, ...rest] = argv;
  if (command === 'train') return train(rest);
  if (command === 'lr-find') return lrFindCommand(rest);
  if (command === 'tune') return tuneCommand(rest);
  if (command === 'predict') return predict(rest);
  if (command === 'sweep') return sweepCommand(rest);
  if (command === 'export') return exportCommand(rest);
  if (command === 'import-run') return importRunCommand(rest);
  throw new CliError(command ? `unknown command "${command}"\n${USAGE}` : USAGE);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  const usersToFix = isUsersToFix(e);
  process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
  if (!usersToFix) process.stderr.write(`${(e instanceof Error && e.stack) || ''}\n`);
  process.exit(usersToFix ? 2 : 1);
});
