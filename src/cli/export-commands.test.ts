import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel, parseTrainedModel, predictTable } from '../engine/model/trained-model';
import { createBackend, type Backend } from '../main/api/backend';
import { makeTempDir } from '../main/db/test-kit';
import { openStore } from '../main/db/open-store';
import { runTrainPy, torchUnavailable } from '../main/export/bundle/python-test-kit';
import { maxRowRelativeError, onnxFeeds, runOnnx } from '../main/export/onnx/onnx-test-kit';
import { forkEngineLauncher } from '../main/runs/engine-process';
import { loadPredictTable } from './load-table';

/** `cli export` and `cli import-run` as a person runs them: separate processes, a real store in a temp folder. */
const iris = 'resources/samples/iris.csv';
const dir = makeTempDir();
const dataDir = path.join(dir, 'store');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let runId: number;
beforeAll(async () => {
  // A finished ELM run in the store, trained through the app's API with a real engine process.
  const backend: Backend = createBackend({ dataDir, samplesDir: path.resolve('resources/samples'), launch: forkEngineLauncher(), transport: 'ipc', version: 'test' });
  try {
    const call = async (method: string, payload: unknown) => {
      const r = await backend.api.call(method, payload);
      if (!r.ok) throw new Error(r.error.message);
      return r.value as { id: number }[] & { id: number; status: string };
    };
    const dataset = await call('datasets.import', { source: { sampleId: 'iris' }, importId: 'iris' });
    const [run] = await call('runs.start', {
      datasetId: dataset.id, modelId: null, seeds: [2], trainer: { trainer: 'elm', hiddenUnits: 40, activation: 'tanh', solver: 'ridge', c: 10, init: 'uniform' },
    });
    runId = run.id;
    for (let status = ''; status !== 'completed';) {
      status = (await call('runs.get', { id: runId })).status;
      if (status === 'failed') throw new Error('the run failed');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await backend.close();
  }
});


describe('cli export', () => {
  it('writes a model file as ONNX that ONNX Runtime runs to the CLI’s own predictions', async () => {
    const model = path.join(dir, 'iris-elm.json');
    expect(cli('train', '--data', iris, '--trainer', 'elm', '--hidden-units', '30', '--out', model).code).toBe(0);
    const onnxFile = path.join(dir, 'iris-elm.onnx');
    const r = cli('export', '--model', model, '--format', 'onnx', '--out', onnxFile);
    expect(r.code, r.stderr).toBe(0);
    const trained = parseTrainedModel(JSON.parse(readFileSync(model, 'utf8')));
    const table = await loadPredictTable(iris, trained.preprocessing);
    const app = predictTable(loadModel(trained), table);
    const out = await runOnnx(readFileSync(onnxFile), onnxFeeds(trained.preprocessing, table));
    expect(maxRowRelativeError(out.probabilities.data as Float32Array, app.probabilities!.data, 3)).toBeLessThanOrEqual(1e-5);
    expect(Array.from(out.class_index.data as BigInt64Array, Number)).toEqual(Array.from(app.classIndex!));
  });

  it('exports a stored run as ONNX and as a PyTorch bundle folder', async () => {
    const onnxFile = path.join(dir, 'run.onnx');
    const o = cli('export', '--run', String(runId), '--format', 'onnx', '--out', onnxFile, '--data-dir', dataDir);
    expect(o.code, o.stderr).toBe(0);
    expect(readFileSync(onnxFile).length).toBeGreaterThan(1000);

    const bundle = path.join(dir, 'bundle');
    const b = cli('export', '--run', String(runId), '--format', 'pytorch', '--out', bundle, '--data-dir', dataDir);
    expect(b.code, b.stderr).toBe(0);
    for (const f of ['README.md', 'train.py', 'config.json', 'preprocessing.json', 'split.json', 'initial_weights.json', 'data.csv']) {
      expect(existsSync(path.join(bundle, f)), f).toBe(true);
    }
    const split = JSON.parse(readFileSync(path.join(bundle, 'split.json'), 'utf8'));
    const store = openStore({ dir: dataDir });
    const summary = store.runs.get(runId)!.summary as { data: { train: number; val: number; test: number } };
    store.close();
    expect([split.train.length, split.val.length, split.test.length]).toEqual([summary.data.train, summary.data.val, summary.data.test]);
    expect(readFileSync(path.join(bundle, 'data.csv'), 'utf8').split('\n')[0]).toBe('species,sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm');
    // The folder is not overwritten.
    const again = cli('export', '--run', String(runId), '--format', 'pytorch', '--out', bundle, '--data-dir', dataDir);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/is not empty; choose a new or empty folder/);
  });

  it.each([
    [['export', '--run', '1', '--out', 'x'], /--format onnx or --format pytorch/],
    [['export', '--model', 'm.json', '--format', 'pytorch', '--out', 'x'], /--model exports to onnx only/],
    [['export', '--format', 'onnx', '--out', 'x'], /either --model model.json or --run ID/],
    [['export', '--run', 'seven', '--format', 'onnx', '--out', 'x'], /--run seven: expected a run number/],
    [['export', '--run', '999', '--format', 'onnx', '--out', 'x', '--data-dir', dataDir], /run 999 does not exist/],
    [['export', '--model', iris, '--format', 'onnx', '--out', 'x'], /cannot read model/],
    [['import-run'], /import-run needs one folder/],
  ])('refuses %j with one clear line and exit code 2', (args, message) => {
    const r = cli(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('cli import-run', () => {
  it('names the missing file of a folder train.py has not run in, and stores nothing', () => {
    const folder = path.join(dir, 'not-trained');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'config.json'), '{}');
    const r = cli('import-run', folder, '--data-dir', dataDir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/output\/result\.json: not found/);
    const store = openStore({ dir: dataDir });
    expect(store.runs.list()).toHaveLength(1);
    store.close();
  });

  it.skipIf(torchUnavailable() !== null)('imports a bundle that train.py trained, labelled with where it ran', async () => {
    const bundle = path.join(dir, 'to-train');
    expect(cli('export', '--run', String(runId), '--format', 'pytorch', '--out', bundle, '--data-dir', dataDir).code).toBe(0);
    await runTrainPy(bundle, { processes: 1 });
    const r = cli('import-run', bundle, '--data-dir', dataDir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^imported as run \d+ ".* · PyTorch ×1" \(PyTorch 1\.\d+.* · 1 process \(cpu\)\)$/m);
    const store = openStore({ dir: dataDir });
    const runs = store.runs.list();
    store.close();
    expect(runs).toHaveLength(2);
    expect(runs[0].origin).toMatchObject({ processes: 1, sourceRunId: runId });
  });
});
