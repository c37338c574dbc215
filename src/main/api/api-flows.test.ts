import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiEvents, DatasetView, RunSummaryView } from '../../shared/api';
import { SAMPLES, useTestBackend } from './api-test-kit';

const api = useTestBackend();
const { call, value } = api;

const imported = new Map<string, DatasetView>();
async function sample(id: string): Promise<DatasetView> {
  if (!imported.has(id)) imported.set(id, await value('datasets.import', { source: { sampleId: id }, importId: `imp-${id}` }));
  return imported.get(id)!;
}

/** Resolves when every given run has reached a final state, collecting the events seen on the way. */
function watchRuns(ids: number[]) {
  const updates: RunSummaryView[] = [];
  const metrics: ApiEvents['run.metrics'][] = [];
  const offU = api.backend.api.on('run.updated', (r) => updates.push(r));
  const offM = api.backend.api.on('run.metrics', (m) => metrics.push(m));
  const done = new Promise<void>((resolve) => {
    const check = () => {
      const finished = ids.every((id) => updates.some((u) => u.id === id && !['queued', 'running'].includes(u.status)));
      if (finished) {
        offU();
        offM();
        resolve();
      } else setTimeout(check, 20);
    };
    check();
  });
  return { updates, metrics, done };
}

describe('datasets', () => {
  it('imports every shipped sample with its target, task and types', async () => {
    const samples = await value('datasets.samples', {});
    expect(samples.length).toBeGreaterThanOrEqual(8);
    for (const s of samples) {
      const d = await sample(s.id);
      expect(d.target).toBe(s.target);
      expect(d.task).toBe(s.task);
      expect(d.rowCount).toBe(s.rows);
      // Constant columns (digits' blank border pixels) are kept but ignored by default.
      expect(d.columns.filter((c) => c.role !== 'target').length).toBe(s.features);
      expect(d.columns.filter((c) => c.role === 'ignored').every((c) => c.type === 'constant')).toBe(true);
      expect(d.sourceFile).toBe(`${s.id}.csv`);
    }
    const iris = await sample('iris');
    expect(iris.columns.map((c) => [c.name, c.type, c.role])).toEqual([
      ['sepal_length_cm', 'numeric', 'feature'], ['sepal_width_cm', 'numeric', 'feature'], ['petal_length_cm', 'numeric', 'feature'],
      ['petal_width_cm', 'numeric', 'feature'], ['species', 'categorical', 'target'],
    ]);
    expect(iris.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(iris.encodedWidth).toBe(4);
    expect(iris.prepare).toEqual({
      scaling: 'standard', oneHot: true, targetScaling: 'standard', split: { train: 0.7, val: 0.15, test: 0.15, fixedTrainRows: null },
      stratified: true, seed: 0,
    });
    const digits = await sample('digits');
    expect(digits.task).toBe('classification');
    expect(digits.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect((await sample('diabetes_regression')).task).toBe('regression');
    expect((await sample('satellite')).prepare.split.fixedTrainRows).toBe(4435);
    const list = await value('datasets.list', {});
    expect(list.map((d) => d.name).sort()).toEqual(samples.map((s) => s.title).sort());
  });

  it('reports progress events for the client import id', async () => {
    const progress: ApiEvents['import.progress'][] = [];
    const off = api.backend.api.on('import.progress', (p) => progress.push(p));
    await value('datasets.import', { source: { sampleId: 'wine' }, importId: 'with-progress', name: 'wine again' });
    off();
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.importId === 'with-progress')).toBe(true);
    expect(progress[progress.length - 1].bytes).toBeLessThanOrEqual(progress[progress.length - 1].totalBytes);
  });

  it('answers a hostile CSV with INVALID_CSV and the line, storing nothing', async () => {
    const before = await value('datasets.list', {});
    const file = path.join(api.dir, 'ragged.csv');
    writeFileSync(file, 'a,b,c\n1,2,3\n4,5\n6,7,8\n');
    const { fileId } = api.backend.files.register(file);
    const r = await call('datasets.import', { source: { fileId }, importId: 'bad' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INVALID_CSV');
    expect(r.error.details).toMatchObject({ line: 3, lines: [3] });
    expect(r.error.message).toContain('line 3');
    expect(await value('datasets.list', {})).toEqual(before);
  });

  it('cancels a running import: CANCELLED, nothing stored, the id free again', async () => {
    const file = path.join(api.dir, 'big.csv');
    const rows = Array.from({ length: 300_000 }, (_, i) => `${i},${(i * 7) % 13},${i % 3 === 0 ? 'a' : 'b'}`);
    writeFileSync(file, ['n,m,label', ...rows].join('\n'));
    const { fileId } = api.backend.files.register(file);
    const before = await value('datasets.list', {});
    const off = api.backend.api.on('import.progress', ({ importId }) => {
      if (importId === 'to-cancel') void api.backend.api.call('datasets.cancelImport', { importId });
    });
    const r = await call('datasets.import', { source: { fileId }, importId: 'to-cancel' });
    off();
    expect(!r.ok && r.error.code).toBe('CANCELLED');
    expect(await value('datasets.list', {})).toEqual(before);
    expect(await value('datasets.cancelImport', { importId: 'to-cancel' })).toEqual({ cancelled: false });
  });

  it('lets an unknown file id fail with NOT_FOUND', async () => {
    const r = await call('datasets.import', { source: { fileId: 'nope' }, importId: 'x' });
    expect(!r.ok && r.error.code).toBe('NOT_FOUND');
  });

  it('changes types, roles, target and prepare settings; a one-class target is refused', async () => {
    const file = path.join(api.dir, 'mixed.csv');
    writeFileSync(file, ['size,colour,grade,const,y', ...Array.from({ length: 40 }, (_, i) => `${i % 5},${['red', 'blue'][i % 2]},${i % 3},k,${i * 1.5}`)].join('\n'));
    const { fileId } = api.backend.files.register(file, 'mixed.csv');
    const d = await value('datasets.import', { source: { fileId }, importId: 'mixed' });
    expect(d.name).toBe('mixed');
    expect(d.task).toBe('regression');
    expect(d.columns.map((c) => [c.name, c.type, c.role])).toEqual([
      ['size', 'integer', 'feature'], ['colour', 'categorical', 'feature'], ['grade', 'integer', 'feature'],
      ['const', 'constant', 'ignored'], ['y', 'numeric', 'target'],
    ]);
    // size as categorical: one-hot then gives its 5 values 5 inputs; colour 2; grade 1.
    const u = await value('datasets.update', {
      id: d.id, columns: [{ name: 'size', type: 'categorical' }], prepare: { ...d.prepare, scaling: 'minmax' },
    });
    expect(u.columns[0]).toMatchObject({ inferredType: 'integer', type: 'categorical' });
    expect(u.encodedWidth).toBe(5 + 2 + 1);
    expect(u.prepare.scaling).toBe('minmax');
    // Changing the target re-derives the task and classes.
    const g = await value('datasets.update', { id: d.id, target: 'grade' });
    expect([g.target, g.task]).toEqual(['grade', 'classification']);
    expect(g.classes).toEqual(['0', '1', '2']);
    expect(g.columns.find((c) => c.name === 'y')!.role).toBe('feature');
    const one = await call('datasets.update', { id: d.id, target: 'const', task: 'classification' });
    expect(!one.ok && one.error.code).toBe('INVALID_CONFIG');
    expect(!one.ok && one.error.message).toMatch(/one class/);
    expect((await value('datasets.get', { id: d.id })).target).toBe('grade');
    const missing = await call('datasets.update', { id: d.id, columns: [{ name: 'nope', role: 'ignored' }] });
    expect(!missing.ok && missing.error).toMatchObject({ code: 'BAD_REQUEST', details: { field: 'columns.0.name' } });
    const rows = await value('datasets.rows', { id: d.id, offset: 38, limit: 10 });
    expect(rows).toEqual({ columns: ['size', 'colour', 'grade', 'const', 'y'], rows: [['3', 'red', '2', 'k', '57'], ['4', 'blue', '0', 'k', '58.5']], total: 40 });
  });

  it('stores a free-text column with more distinct values than kept (left out), and lets a decimal-comma target become numbers', async () => {
    const file = path.join(api.dir, 'decimal-comma.csv');
    const rows = Array.from({ length: 10_050 }, (_, i) => `note ${i};${(i % 9) / 4};${['1,0', '2,0', '3,0'][i % 3]}`.replace(/\./g, ','));
    writeFileSync(file, ['note;x;level', ...rows].join('\n'));
    const { fileId } = api.backend.files.register(file, 'decimal-comma.csv');
    const d = await value('datasets.import', { source: { fileId }, importId: 'decimal-comma' });
    expect(d.columns.map((c) => [c.name, c.type, c.role])).toEqual([['note', 'text', 'ignored'], ['x', 'numeric', 'feature'], ['level', 'integer', 'target']]);
    expect([d.task, d.classes]).toEqual(['classification', ['1,0', '2,0', '3,0']]);
    const asNumbers = await value('datasets.update', { id: d.id, task: 'regression' });
    expect(asNumbers.task).toBe('regression');
  });
});

describe('models', () => {
  it('creates, updates, lists and deletes; an invalid spec is INVALID_MODEL naming the layer', async () => {
    const created = await value('models.create', { name: 'mlp', spec: { layers: [{ type: 'dense', units: 8 }, { type: 'activation', activation: 'relu' }] } });
    expect(created.spec.layers[0]).toMatchObject({ type: 'dense', units: 8 });
    const bad = await call('models.create', { name: 'bad', spec: { layers: [{ type: 'dense', units: 8 }, { type: 'dense', units: -3 }] } });
    expect(!bad.ok && bad.error).toMatchObject({ code: 'INVALID_MODEL', details: { layer: 1 } });
    expect(!bad.ok && bad.error.message).toContain('layer 2');
    const renamed = await value('models.update', { id: created.id, name: 'renamed' });
    expect(renamed.name).toBe('renamed');
    expect((await value('models.list', {})).map((m) => m.id)).toContain(created.id);
    expect(await value('models.delete', { id: created.id })).toEqual({ deleted: true });
    const gone = await call('models.get', { id: created.id });
    expect(!gone.ok && gone.error.code).toBe('NOT_FOUND');
  });
});

describe('runs', () => {
  it('trains an ELM and a backprop run to completion with events, metrics and predictions', async () => {
    const iris = await sample('iris');
    const model = await value('models.create', { name: 'small', spec: { layers: [{ type: 'dense', units: 8 }, { type: 'activation', activation: 'tanh' }] } });
    const elm = await value('runs.start', {
      datasetId: iris.id, modelId: null, seeds: [1],
      trainer: { trainer: 'elm', hiddenUnits: 40, activation: 'sigmoid', solver: 'ridge', c: 100, init: 'uniform' },
    });
    const bp = await value('runs.start', {
      datasetId: iris.id, modelId: model.id, seeds: [1, 2],
      trainer: { trainer: 'backprop', optimizer: { id: 'adam', params: { lr: 0.01 } }, loss: { id: 'crossEntropy' }, batchSize: 16, epochs: 5 },
    });
    expect(['queued', 'running']).toContain(elm[0].status);
    expect(elm[0]).toMatchObject({ trainer: 'elm', trainerLabel: 'ELM · 40 Sigmoid units, Ridge (regularised)', datasetName: 'Iris flowers' });
    expect(bp.map((r) => r.seed)).toEqual([1, 2]);
    expect(bp[0].trainerLabel).toBe('Adam · Cross-entropy');
    const ids = [...elm, ...bp].map((r) => r.id);
    const watch = watchRuns(ids);
    await watch.done;
    for (const id of ids) {
      const run = await value('runs.get', { id });
      expect(run.status, run.error ?? '').toBe('completed');
      expect(run.classes).toEqual(['setosa', 'versicolor', 'virginica']);
      expect(run.confusion!.flat().reduce((a, b) => a + b, 0)).toBe(run.summary!.data.test);
      expect(run.testMetric!.key).toBe('accuracy');
      expect(run.prepare.seed).toBe(0);
    }
    const bpId = bp[0].id;
    const info = await value('app.info', {});
    expect(info).toMatchObject({ version: 'test', transport: 'ipc', dataFile: path.join(api.dir, 'workbench.sqlite') });
    expect(info.kernels).not.toMatch(/not known/); // an engine has reported its kernels by now
    expect(watch.metrics.some((m) => m.runId === bpId && m.points.some((p) => p.key === 'train.loss'))).toBe(true);
    const metrics = await value('runs.metrics', { ids: [bpId], keys: ['train.loss', 'val.accuracy'] });
    expect(metrics[bpId]['train.loss'].epoch).toEqual([1, 2, 3, 4, 5]);
    expect(metrics[bpId]['train.loss'].value).toHaveLength(5);
    expect(Object.keys(metrics[bpId]).sort()).toEqual(['train.loss', 'val.accuracy']);

    const row = await value('runs.predictRow', { id: elm[0].id, values: { sepal_length_cm: '5.1', sepal_width_cm: '3.5', petal_length_cm: '1.4', petal_width_cm: '0.2' } });
    expect(row.columns).toEqual(['sepal_length_cm', 'sepal_width_cm', 'petal_length_cm', 'petal_width_cm', 'prediction', 'p(setosa)', 'p(versicolor)', 'p(virginica)']);
    expect(row.rows[0][4]).toBe('setosa');
    const probabilities = row.rows[0].slice(5) as number[];
    expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    const notNumber = await call('runs.predictRow', { id: elm[0].id, values: { sepal_length_cm: 'abc' } });
    expect(!notNumber.ok && notNumber.error.code).toBe('BAD_REQUEST');

    const { fileId } = api.backend.files.register(path.join(SAMPLES, 'iris.csv'));
    const fileTable = await value('runs.predictFile', { id: bpId, file: { fileId } });
    expect(fileTable.rows).toHaveLength(150);
    const exported = await value('runs.exportModel', { id: bpId });
    expect(exported.format).toBe('neural-workbench/model');

    expect(await value('runs.delete', { id: bpId })).toEqual({ deleted: true });
    expect((await call('runs.get', { id: bpId })).ok).toBe(false);
    const renamed = await value('runs.rename', { id: elm[0].id, name: 'my elm' });
    expect(renamed.name).toBe('my elm');
    expect((await value('runs.list', { search: 'MY ELM' })).map((r) => r.id)).toEqual([elm[0].id]);
  });

  it('predicts regression values with a predicted-vs-actual view', async () => {
    const diabetes = await sample('diabetes_regression');
    const [run] = await value('runs.start', {
      datasetId: diabetes.id, modelId: null, seeds: [3],
      trainer: { trainer: 'elm', hiddenUnits: 30, activation: 'tanh', solver: 'ridge', c: 10, init: 'gaussian' },
    });
    const watch = watchRuns([run.id]);
    await watch.done;
    const view = await value('runs.get', { id: run.id });
    expect(view.status).toBe('completed');
    expect(view.testMetric!.key).toBe('rmse');
    expect(view.predictedVsActual!.actual).toHaveLength(view.summary!.data.test);
    // RMSE recomputed from the stored test predictions, in the target's units.
    const { actual, predicted } = view.predictedVsActual!;
    const rmse = Math.sqrt(actual.reduce((s, a, i) => s + (a - predicted[i]) ** 2, 0) / actual.length);
    expect(view.testMetric!.value).toBeCloseTo(rmse, 6);
  });

  it('refuses bad trainer settings naming the field, clones, and guards deletes', async () => {
    const iris = await sample('iris');
    const bad = async (trainer: unknown, modelId: number | null = null) => {
      const r = await call('runs.start', { datasetId: iris.id, modelId, seeds: [0], trainer });
      return r.ok ? null : r.error;
    };
    const elm = { trainer: 'elm', hiddenUnits: 10, activation: 'sigmoid', solver: 'ridge', c: 1, init: 'uniform' };
    expect(await bad({ ...elm, hiddenUnits: 0 })).toMatchObject({ code: 'INVALID_CONFIG', details: { field: 'trainer.hiddenUnits' } });
    expect(await bad({ ...elm, activation: 'swish' })).toMatchObject({ code: 'INVALID_CONFIG', details: { field: 'trainer.activation' } });
    const model = await value('models.create', { name: 'm', spec: { layers: [] } });
    const bp = { trainer: 'backprop', optimizer: { id: 'sgd', params: { lr: 0.1 } }, loss: { id: 'crossEntropy' }, batchSize: 8, epochs: 2 };
    expect(await bad({ ...bp, optimizer: { id: 'sgd', params: { lr: -1 } } }, model.id)).toMatchObject({ code: 'INVALID_CONFIG', details: { field: 'trainer.optimizer.params.lr' } });
    expect(await bad({ ...bp, optimizer: { id: 'nadam' } }, model.id)).toMatchObject({ details: { field: 'trainer.optimizer.id' } });
    expect(await bad({ ...bp, loss: { id: 'mse' } }, model.id)).toMatchObject({ details: { field: 'trainer.loss.id' } });
    expect(await bad({ ...bp, schedule: { id: 'step', params: { gamma: 2 } } }, model.id)).toMatchObject({ details: { field: 'trainer.schedule.params.gamma' } });
    expect(await bad(bp)).toMatchObject({ details: { field: 'modelId' } });
    expect((await value('runs.list', { datasetId: iris.id })).every((r) => r.name !== 'never')).toBe(true);

    const [run] = await value('runs.start', { datasetId: iris.id, modelId: null, seeds: [5], trainer: elm, name: 'to clone' });
    const del = await call('runs.delete', { id: run.id });
    // Queued or running: refused (unless it already finished, which a 10-unit ELM might).
    const current = await value('runs.get', { id: run.id });
    if (['queued', 'running'].includes(current.status) && !del.ok) expect(del.error.code).toBe('CONFLICT');
    const clone = await value('runs.clone', { id: run.id, seed: 9 });
    expect(clone).toMatchObject({ seed: 9, status: 'queued', name: 'to clone (copy)' });
    await watchRuns([clone.id]).done;
    expect((await value('runs.get', { id: clone.id })).trainerConfig).toEqual(current.trainerConfig);

    const inUse = await call('datasets.delete', { id: iris.id });
    expect(!inUse.ok && inUse.error.code).toBe('DATASET_IN_USE');
    expect(!inUse.ok && inUse.error.message).toMatch(/\d+ run\(s\)/);
  });

  it('starts a backprop run from an inline design (Clone & edit), validated like a saved one', async () => {
    const iris = await sample('iris');
    const saved = await value('models.create', { name: 'to clone', spec: { layers: [{ type: 'dense', units: 6 }, { type: 'activation', activation: 'tanh' }] } });
    const bp = { trainer: 'backprop', optimizer: { id: 'adam', params: { lr: 0.01 } }, loss: { id: 'crossEntropy' }, batchSize: 16, epochs: 3 };
    const [first] = await value('runs.start', { datasetId: iris.id, modelId: saved.id, seeds: [1], trainer: bp });
    await watchRuns([first.id]).done;
    const original = await value('runs.get', { id: first.id });
    expect(original.status, original.error ?? '').toBe('completed');
    if (original.trainerConfig.trainer !== 'backprop') throw new Error('expected a backprop run');

    // What the Train page sends for "Design of the cloned run": no modelId, the run's own design inline,
    // here with another learning rate.
    const edited = {
      ...original.trainerConfig,
      model: original.modelSpec,
      optimizer: { id: 'adam', params: { ...original.trainerConfig.optimizer.params, lr: 0.05 } },
    };
    const [clone] = await value('runs.start', { datasetId: iris.id, modelId: null, seeds: [2], trainer: edited });
    expect(clone).toMatchObject({ modelId: null, trainer: 'backprop' });
    await watchRuns([clone.id]).done;
    const cloned = await value('runs.get', { id: clone.id });
    expect(cloned.status, cloned.error ?? '').toBe('completed');
    expect(cloned.modelSpec).toEqual(original.modelSpec);
    expect(cloned.trainerConfig).toEqual({ ...original.trainerConfig, optimizer: edited.optimizer });
    expect(cloned.summary!.epochs).toBe(3);

    // An inline design is checked like a saved one: INVALID_MODEL with the layer index, nothing queued.
    const before = (await value('runs.list', { datasetId: iris.id })).length;
    const badLayer = await call('runs.start', {
      datasetId: iris.id, modelId: null, seeds: [0], trainer: { ...bp, model: { layers: [{ type: 'dense', units: 8 }, { type: 'dense', units: -3 }] } },
    });
    expect(!badLayer.ok && badLayer.error).toMatchObject({ code: 'INVALID_MODEL', details: { layer: 1 } });
    expect(!badLayer.ok && badLayer.error.message).toContain('layer 2');
    const notASpec = await call('runs.start', { datasetId: iris.id, modelId: null, seeds: [0], trainer: { ...bp, model: 'dense' } });
    expect(!notASpec.ok && notASpec.error).toMatchObject({ code: 'INVALID_MODEL', details: { layer: null } });
    expect((await value('runs.list', { datasetId: iris.id })).length).toBe(before);

    // A chosen saved design still wins over an inline one.
    const [withBoth] = await value('runs.start', {
      datasetId: iris.id, modelId: saved.id, seeds: [3], trainer: { ...bp, epochs: 1, model: { layers: [{ type: 'dense', units: 99 }] } },
    });
    await watchRuns([withBoth.id]).done;
    expect((await value('runs.get', { id: withBoth.id })).modelSpec).toEqual(saved.spec);
  });

  it('cancels a running run, which then cannot be cancelled again', async () => {
    const iris = await sample('iris');
    const model = await value('models.create', { name: 'long', spec: { layers: [{ type: 'dense', units: 16 }] } });
    const [run] = await value('runs.start', {
      datasetId: iris.id, modelId: model.id, seeds: [0],
      trainer: { trainer: 'backprop', optimizer: { id: 'sgd' }, loss: { id: 'crossEntropy' }, batchSize: 1, epochs: 100_000 },
    });
    await new Promise<void>((resolve) => {
      const off = api.backend.api.on('run.updated', (r) => {
        if (r.id === run.id && r.progress.epoch >= 1) {
          off();
          resolve();
        }
      });
    });
    expect(await value('runs.cancel', { id: run.id })).toMatchObject({ id: run.id, status: 'cancelled' });
    const again = await call('runs.cancel', { id: run.id });
    expect(!again.ok && again.error.code).toBe('CONFLICT');
    expect(await value('runs.delete', { id: run.id })).toEqual({ deleted: true });
  });

  it('persists the concurrency setting', async () => {
    expect((await value('settings.get', {})).concurrency).toBeGreaterThanOrEqual(1);
    expect(await value('settings.update', { concurrency: 3 })).toMatchObject({ concurrency: 3, theme: 'system' });
    expect(await value('settings.update', { theme: 'dark' })).toMatchObject({ concurrency: 3, theme: 'dark' });
    expect(await value('settings.get', {})).toMatchObject({ concurrency: 3, theme: 'dark' });
    expect(api.backend.store.settings.get('concurrency', 0)).toBe(3);
  });
});
