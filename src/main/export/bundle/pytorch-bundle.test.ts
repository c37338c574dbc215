import { cpSync, readFileSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeArray } from '../../../engine/math/encode';
import { parseTrainedModel, type ElmPredictor } from '../../../engine/model/trained-model';
import type { ApiMethod, ApiRequest, ApiResponses, RunView } from '../../../shared/api';
import { createBackend, type Backend } from '../../api/backend';
import { TableCache } from '../../api/table-cache';
import { makeTempDir } from '../../db/test-kit';
import { forkEngineLauncher } from '../../runs/engine-process';
import { runBundleFiles, writeBundleDir } from '../export-run';
import { importRun, readImportFolder } from '../import-run';
import { exportTemplatesDir } from './run-bundle';
import { runTrainPy, torchUnavailable, type TrainPyRun } from './python-test-kit';

/**
 * The bundle's whole round trip with real PyTorch: a backprop run and an ELM run trained in the app (real
 * engine processes), exported, trained by train.py on one process and on two (gloo over 127.0.0.1, ranks started
 * with the standard variables), imported back and listed next to the app's runs.
 */
const SAMPLES = path.resolve('resources/samples');
const noTorch = torchUnavailable();
if (noTorch) console.log(`pytorch bundle tests skipped: ${noTorch}`);

let dir: string;
let backend: Backend;

async function value<M extends ApiMethod>(method: M, request: ApiRequest<M>): Promise<ApiResponses[M]> {
  const r = await backend.api.call(method, request);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as ApiResponses[M];
}

async function finished(id: number): Promise<RunView> {
  for (;;) {
    const run = await value('runs.get', { id });
    if (run.status !== 'queued' && run.status !== 'running') return run;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Trained {
  app: RunView;
  one: { dir: string; run: TrainPyRun };
  two: { dir: string; run: TrainPyRun };
}

/** Exports the run into a fresh folder per process count and runs train.py there. */
async function trainElsewhere(runId: number): Promise<Trained> {
  const { files } = runBundleFiles(backend.store, new TableCache(backend.store), runId, { version: 'test', templatesDir: exportTemplatesDir(SAMPLES) });
  const folder = (n: number) => {
    const d = path.join(dir, `run-${runId}-${n}p`);
    writeBundleDir(d, files);
    return d;
  };
  const oneDir = folder(1);
  const twoDir = folder(2);
  const one = await runTrainPy(oneDir, { processes: 1 });
  const two = await runTrainPy(twoDir, { processes: 2 });
  return { app: await value('runs.get', { id: runId }), one: { dir: oneDir, run: one }, two: { dir: twoDir, run: two } };
}

const result = (d: string) => JSON.parse(readFileSync(path.join(d, 'output', 'result.json'), 'utf8'));
const modelFile = (d: string) => parseTrainedModel(JSON.parse(readFileSync(path.join(d, 'output', 'model.json'), 'utf8')));

let backprop: Trained;
let elm: Trained;

describe.skipIf(noTorch !== null)('PyTorch run bundle: train.py on 1 and 2 processes, imported back', () => {
  beforeAll(async () => {
    dir = makeTempDir();
    backend = createBackend({ dataDir: dir, samplesDir: SAMPLES, launch: forkEngineLauncher(), transport: 'ipc', version: 'test' });
    const digits = await value('datasets.import', { source: { sampleId: 'digits' }, importId: 'digits' });
    const [bp] = await value('runs.start', {
      datasetId: digits.id, modelId: null, seeds: [11], name: 'digits backprop',
      trainer: {
        trainer: 'backprop',
        model: { layers: [
          { type: 'dense', units: 64 }, { type: 'batchNorm' }, { type: 'activation', activation: 'relu' },
          { type: 'dropout', rate: 0.1 }, { type: 'dense', units: 32 }, { type: 'activation', activation: 'tanh' },
        ] },
        optimizer: { id: 'adam', params: { lr: 0.003, weightDecay: 1e-4 } },
        loss: { id: 'crossEntropy' },
        batchSize: 64,
        epochs: 25,
        schedule: { id: 'step', params: { stepSize: 10, gamma: 0.5 } },
        clipping: { mode: 'norm', value: 5 },
        earlyStopping: { patience: 6, minDelta: 0, restoreBest: true },
      },
    });
    const [el] = await value('runs.start', {
      datasetId: digits.id, modelId: null, seeds: [4], name: 'digits ELM',
      trainer: { trainer: 'elm', hiddenUnits: 300, activation: 'sigmoid', solver: 'ridge', c: 100, init: 'uniform' },
    });
    await Promise.all([finished(bp.id), finished(el.id)]);
    backprop = await trainElsewhere(bp.id);
    elm = await trainElsewhere(el.id);
    const part = (label: string, d: string, run: TrainPyRun) => {
      const r = result(d);
      return `${label} ${(run.ms / 1000).toFixed(2)} s (train ${(r.trainMs / 1000).toFixed(2)} s, ${r.epochs} epochs, val acc ${r.metrics.val.accuracy.toFixed(4)})`;
    };
    const line = (name: string, t: Trained) =>
      `${name}: app val acc ${t.app.summary!.val!.accuracy!.toFixed(4)} (${t.app.summary!.epochs} epochs, ${((t.app.trainMs ?? 0) / 1000).toFixed(2)} s); ` +
      `${part('1 process', t.one.dir, t.one.run)}; ${part('2 processes', t.two.dir, t.two.run)}`;
    console.log(`train.py on ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), wall time incl. Python start:\n${line('digits backprop', backprop)}\n${line('digits ELM', elm)}`);
  }, 600_000);

  afterAll(async () => {
    await backend?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the ELM’s β from 2 processes equals the 1-process β to 1e-8, and both match the app’s', () => {
    const beta = (d: string) => decodeArray((modelFile(d).predictor as ElmPredictor).elm.beta);
    const b1 = beta(elm.one.dir);
    const b2 = beta(elm.two.dir);
    expect(b2.length).toBe(b1.length);
    const scale = Math.max(...Array.from(b1, Math.abs));
    const diff = Math.max(...Array.from(b1, (v, i) => Math.abs(v - b2[i])));
    expect(diff / scale).toBeLessThanOrEqual(1e-8);
    // The app solved the same system from a float32 hidden layer: the same β up to that rounding.
    const stored = backend.store.runs.getArtifact(elm.app.id, 'model') as { json: unknown };
    const app = decodeArray((parseTrainedModel(stored.json).predictor as ElmPredictor).elm.beta);
    const appDiff = Math.max(...Array.from(app, (v, i) => Math.abs(v - b1[i])));
    expect(appDiff / scale).toBeLessThan(1e-3);
    for (const d of [elm.one.dir, elm.two.dir]) {
      expect(Math.abs(result(d).metrics.val.accuracy - elm.app.summary!.val!.accuracy!)).toBeLessThanOrEqual(0.005);
    }
  });

  it('the backprop run’s final validation accuracy is within 2 points of the app’s run, on 1 and on 2 processes', () => {
    const appVal = backprop.app.summary!.val!.accuracy!;
    expect(appVal).toBeGreaterThan(0.9);
    for (const d of [backprop.one.dir, backprop.two.dir]) {
      const r = result(d);
      expect(r.status).toBe('completed');
      expect(Math.abs(r.metrics.val.accuracy - appVal), `${d}: ${r.metrics.val.accuracy} vs ${appVal}`).toBeLessThanOrEqual(0.02);
    }
    expect(result(backprop.two.dir).ran).toMatchObject({ worldSize: 2, backend: 'gloo', device: 'cpu' });
  });

  it('imports the results as runs labelled with where they ran, in runs.list, runs.get and the metrics', async () => {
    const imported = [backprop.one, backprop.two, elm.one, elm.two].map(({ dir: d }) => importRun(backend.store, readImportFolder(d)));
    const list = await value('runs.list', {});
    for (const run of imported) {
      const listed = list.find((r) => r.id === run.id)!;
      expect(listed.origin?.label).toMatch(/^PyTorch 1\.\d+.* · [12] process(es)? \(/);
      expect(listed.trainerLabel).toContain('PyTorch');
      expect(listed.status).toBe('completed');
    }
    const view = await value('runs.get', { id: imported[1].id });
    expect(view.origin).toMatchObject({ processes: 2, backend: 'gloo', sourceRunId: backprop.app.id });
    expect(view.datasetId).toBe(backprop.app.datasetId);
    expect(view.confusion).toHaveLength(10);
    const metrics = await value('runs.metrics', { ids: [imported[1].id, backprop.app.id], keys: ['val.accuracy'] });
    expect(metrics[imported[1].id]['val.accuracy'].value).toHaveLength(view.summary!.epochs);
    // The imported model predicts in the app.
    const row = await value('runs.predictRow', { id: imported[3].id, values: { pixel_3_3: '12' } });
    expect(row.columns).toContain('prediction');
  });

  it('refuses damaged results, naming the file and the line, and stores nothing', () => {
    const good = readImportFolder(backprop.one.dir);
    const before = backend.store.runs.list().length;
    const lines = good.metrics.trim().split('\n');
    const cases: [Partial<typeof good>, RegExp][] = [
      [{ metrics: [lines[0], '{"epoch": 2, "train": {"loss": "low"}}', ...lines.slice(2)].join('\n') }, /output\/metrics\.jsonl line 2: train\.loss/],
      [{ metrics: `${lines[0]}\nnot json` }, /output\/metrics\.jsonl line 2: not JSON/],
      [{ result: good.result.replace('"status": "completed"', '"status": "running"') }, /output\/result\.json: status/],
      [{ model: readImportFolder(elm.one.dir).model!.replace('"classification"', '"regression"') }, /output\/model\.json: .*regression/],
      [{ model: null }, /output\/model\.json: missing/],
      [{ config: good.config.replace(/"dataHash": "[^"]+"/, '"dataHash": "other"').replace(/"datasetId": \d+/, '"datasetId": 999') }, /is not in this workbench; import the same CSV first/],
    ];
    for (const [change, message] of cases) expect(() => importRun(backend.store, { ...good, ...change })).toThrow(message);
    expect(backend.store.runs.list()).toHaveLength(before);
  });

  it('refuses a folder that was not trained yet, naming the missing file, and stores nothing', () => {
    const untrained = path.join(dir, 'untrained');
    cpSync(backprop.one.dir, untrained, { recursive: true });
    rmSync(path.join(untrained, 'output'), { recursive: true });
    const before = backend.store.runs.list().length;
    expect(() => importRun(backend.store, readImportFolder(untrained))).toThrow(/output\/result\.json: not found/);
    expect(backend.store.runs.list()).toHaveLength(before);
  });
});
