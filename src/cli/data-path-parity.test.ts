import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareSplits } from '../engine/data/prepare';
import type { Matrix } from '../engine/math/matrix';
import { kernels } from '../engine/math/kernels';
import { parseTrainedModel, type TrainedModel } from '../engine/model/trained-model';
import { runTrainingJob, type TrainingJob } from '../engine/trainers/train';
import { createBackend, type Backend } from '../main/api/backend';
import { makeTempDir } from '../main/db/test-kit';
import type { EngineLauncher } from '../main/runs/engine-process';
import type { ApiMethod, ApiRequest, ApiResponses } from '../shared/api';
import type { EngineMessage } from '../shared/engine-protocol';
import { loadTrainingTable } from './load-table';
import { parseTrainOptions, prepareOptions } from './train-options';

/**
 * The same CSV and settings trained through the CLI's path and through the app's (import into a real store,
 * the dataset's recipe, the job as the run manager builds it) give bit-identical matrices and weights.
 */
const SAMPLES = path.resolve('resources/samples');
let dir: string;
let backend: Backend;
/** Every job the run manager handed to an engine, as it arrived there. */
const appJobs: TrainingJob[] = [];

/**
 * The engine host's work (src/main/engine-host/engine-host.ts) done in this process, so both paths train with
 * the same kernels: the run manager's `start` message in, structured-cloned as the process channel clones it.
 */
const inProcessEngine: EngineLauncher = () => {
  const listeners: ((message: EngineMessage) => void)[] = [];
  const emit = (message: EngineMessage) => listeners.forEach((cb) => cb(structuredClone(message)));
  return {
    pid: undefined,
    send: (request) => {
      if (request.type !== 'start') return;
      const job = structuredClone(request.job);
      appJobs.push(job);
      runTrainingJob(job).then(
        (outcome) => emit({ type: 'done', outcome }),
        (e: unknown) => emit({ type: 'error', error: { code: 'ENGINE_FAILED', message: String(e) } }),
      );
    },
    onMessage: (cb) => {
      listeners.push(cb);
      setImmediate(() => cb({ type: 'ready', kernels: kernels().name }));
    },
    onExit: () => {},
    kill: () => {},
  };
};

async function value<M extends ApiMethod>(method: M, request: ApiRequest<M>): Promise<ApiResponses[M]> {
  const r = await backend.api.call(method, request);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as ApiResponses[M];
}

/** Columns of every kind the data path converts: decimal commas, missing values, words, free text, a constant. */
function mixedCsv(): string {
  const colours = ['red', 'green', 'blue'];
  const rows = Array.from({ length: 150 }, (_, i) => {
    const size = i % 11 === 5 ? 'NA' : ((i * 0.37) % 10).toFixed(2).replace('.', ',');
    const colour = i % 13 === 7 ? '' : colours[(i * 7) % 3];
    const grade = i % 10 === 3 ? 'unknown' : `${1 + ((i * 5) % 4)},5`;
    const band = ['0,5', '1,5', '2,5'][(i + (i % 4 === 0 ? 1 : 0)) % 3];
    const score = (((i * 0.37) % 10) * 1.5 + colours.indexOf(colours[(i * 7) % 3]) * 2 + (i % 2)).toFixed(3).replace('.', ',');
    return [`id-${1000 + i}`, size, colour, i % 2 ? 'yes' : 'no', grade, 'k', band, score].join(';');
  });
  return `${['id', 'size', 'colour', 'flag', 'grade', 'const', 'band', 'score'].join(';')}\n${rows.join('\n')}\n`;
}

beforeAll(() => {
  dir = makeTempDir();
  writeFileSync(path.join(dir, 'mixed.csv'), mixedCsv());
  backend = createBackend({ dataDir: dir, samplesDir: SAMPLES, launch: inProcessEngine, transport: 'ipc', version: 'test' });
});
afterAll(async () => {
  await backend.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What `cli train` runs for these flags (src/cli/main.ts), trained here. */
async function trainByCli(argv: string[]): Promise<{ job: TrainingJob; model: TrainedModel }> {
  const options = parseTrainOptions(argv);
  const { table, target, task } = await loadTrainingTable(options.data, options.target, options.task);
  const job: TrainingJob = { table, data: prepareOptions(options, target, task), trainer: options.trainer(task), seed: options.seed };
  const outcome = await runTrainingJob(job);
  if (!outcome.model) throw new Error(`the CLI run ${outcome.status}`);
  return { job, model: outcome.model };
}

interface AppSettings {
  source: ApiRequest<'datasets.import'>['source'];
  target?: string;
  task?: 'classification' | 'regression';
  seed: number;
}

/** The same through the app: import, dataset settings, runs.start, and the model the run saved in the store. */
async function trainByApp(settings: AppSettings, trainer: TrainingJob['trainer']): Promise<{ job: TrainingJob; model: TrainedModel }> {
  const imported = await value('datasets.import', { source: settings.source, importId: `import-${appJobs.length}-${Math.random()}` });
  const dataset = await value('datasets.update', {
    id: imported.id, target: settings.target, task: settings.task, prepare: { ...imported.prepare, seed: settings.seed },
  });
  let modelId: number | null = null;
  let request: unknown = trainer;
  if (trainer.trainer === 'backprop') {
    const { model, ...rest } = trainer;
    modelId = (await value('models.create', { name: 'parity', spec: model })).id;
    request = rest;
  }
  const jobsBefore = appJobs.length;
  const [run] = await value('runs.start', { datasetId: dataset.id, modelId, seeds: [settings.seed], trainer: request });
  let status = run.status;
  while (status === 'queued' || status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 20));
    ({ status } = await value('runs.get', { id: run.id }));
  }
  expect(status, (await value('runs.get', { id: run.id })).error ?? '').toBe('completed');
  const artifact = backend.store.runs.getArtifact(run.id, 'model');
  if (!artifact) throw new Error('the app run saved no model');
  expect(appJobs).toHaveLength(jobsBefore + 1);
  return { job: appJobs[jobsBefore], model: parseTrainedModel(artifact.json) };
}

const bits = (m: Matrix): Buffer => Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength);

function expectSameMatrices(cli: TrainingJob, app: TrainingJob): void {
  const a = prepareSplits(cli.table, cli.data);
  const b = prepareSplits(app.table, app.data);
  expect(b.state).toEqual(a.state);
  expect(b.rows).toEqual(a.rows);
  for (const split of ['train', 'val', 'test'] as const) {
    expect(bits(b.splits[split].x).equals(bits(a.splits[split].x)), `${split} x`).toBe(true);
    expect(bits(b.splits[split].y).equals(bits(a.splits[split].y)), `${split} y`).toBe(true);
  }
}

const wine = path.join(SAMPLES, 'wine.csv');
const mixed = () => path.join(dir, 'mixed.csv');
const BACKPROP = ['--layers', '16', '--epochs', '6', '--batch-size', '16', '--lr', '0.01'];
const ELM = ['--trainer', 'elm', '--hidden-units', '40', '--c', '10'];

describe('the CLI and the app train the same CSV to the same weights', () => {
  const cases = [
    { name: 'wine sample', data: () => wine, flags: [], app: { source: { sampleId: 'wine' } } },
    { name: 'mixed CSV, regression on a decimal-comma target', data: mixed, flags: [], app: {} },
    {
      name: 'mixed CSV, numbers as classes (--target band --task classification)', data: mixed,
      flags: ['--target', 'band', '--task', 'classification'], app: { target: 'band', task: 'classification' as const },
    },
    {
      name: 'mixed CSV, decimal-comma categories as numbers (--target grade --task regression)', data: mixed,
      flags: ['--target', 'grade', '--task', 'regression'], app: { target: 'grade', task: 'regression' as const },
    },
  ];
  for (const c of cases) {
    for (const [trainer, trainerFlags] of [['backprop', BACKPROP], ['elm', ELM]] as const) {
      it(`${c.name}: ${trainer}`, async () => {
        const cli = await trainByCli(['--data', c.data(), '--seed', '3', ...c.flags, ...trainerFlags]);
        const source = c.app.source ?? { fileId: backend.files.register(c.data()).fileId };
        const app = await trainByApp({ ...c.app, source, seed: 3 }, cli.job.trainer);
        expectSameMatrices(cli.job, app.job);
        expect(app.model).toEqual(cli.model);
      });
    }
  }

  it('reads the mixed CSV by the documented rules', async () => {
    const { job } = await trainByCli(['--data', mixed(), '--target', 'band', '--task', 'classification', ...ELM]);
    // Free text and the constant are left out; the decimal-comma numbers become classes named as they print.
    expect(job.table.columns.map((c) => [c.name, c.kind])).toEqual([
      ['band', 'categorical'], ['size', 'numeric'], ['colour', 'categorical'], ['flag', 'categorical'], ['grade', 'categorical'],
      ['score', 'numeric'],
    ]);
    expect(job.table.columns[0]).toMatchObject({ categories: ['0.5', '1.5', '2.5'] });
    const size = job.table.columns[1];
    expect(size.kind === 'numeric' && [size.values[0], size.values[1], size.values[5]]).toEqual([0, 0.37, NaN]);
    expect(job.table.columns[4]).toMatchObject({ categories: ['1,5', '2,5', '3,5', '4,5', 'unknown'] });

    const asTarget = (await trainByCli(['--data', mixed(), '--target', 'grade', '--task', 'regression', ...ELM])).job.table.columns[0];
    expect(asTarget.kind === 'numeric' && Array.from(asTarget.values.subarray(0, 4))).toEqual([1.5, 2.5, 3.5, NaN]);
  });
});
