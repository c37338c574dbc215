import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunView } from '../../shared/api';
import { SAMPLES, useTestBackend } from './api-test-kit';

/**
 * The evaluation views rebuild a run's split from the dataset and its stored recipe; the references are what the
 * training process itself recorded for the test split (its confusion matrix, test predictions and scores) and,
 * for the decision boundary, predictions of single typed-in rows (runs.predictRow, the ordinary input path).
 */
const api = useTestBackend();
const { call, value } = api;

async function trained(sampleId: string, trainer: unknown, modelId: number | null = null): Promise<RunView> {
  const samples = await value('datasets.list', {});
  const dataset = samples.find((d) => d.sourceFile === `${sampleId}.csv`)
    ?? await value('datasets.import', { source: { sampleId }, importId: `imp-${sampleId}` });
  const [run] = await value('runs.start', { datasetId: dataset.id, modelId, seeds: [1], trainer });
  for (;;) {
    const view = await value('runs.get', { id: run.id });
    if (!['queued', 'running'].includes(view.status)) {
      expect(view.status, view.error ?? '').toBe('completed');
      return view;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

const ELM = { trainer: 'elm', hiddenUnits: 40, activation: 'sigmoid', solver: 'ridge', c: 100, init: 'uniform' };

describe('evaluation views', () => {
  it('per-class scores of the rebuilt test split agree with the confusion matrix the run recorded', async () => {
    const run = await trained('wine', ELM);
    const report = await value('runs.classReport', { id: run.id, split: 'test' });
    const m = run.confusion!;
    expect(report.classes).toEqual(run.classes);
    report.classes.forEach((_, c) => {
      const predicted = m.reduce((s, row) => s + row[c], 0);
      const actual = m[c].reduce((s, v) => s + v, 0);
      expect(report.support[c]).toBe(actual);
      expect(report.precision[c]).toBeCloseTo(predicted ? m[c][c] / predicted : 0, 12);
      expect(report.recall[c]).toBeCloseTo(m[c][c] / actual, 12);
    });
    expect(report.accuracy).toBeCloseTo(run.summary!.test!.accuracy!, 12);
    expect(report.macro.recall).toBeCloseTo(run.summary!.test!.balancedAccuracy!, 12);
    const total = report.support.reduce((s, v) => s + v, 0);
    expect(report.weighted.recall).toBeCloseTo(report.accuracy, 12); // support-weighted recall is accuracy
    expect(total).toBe(run.summary!.data.test);
  });

  it('draws one ROC and one precision–recall curve per class for a backprop run', async () => {
    const model = await value('models.create', { name: 'mlp', spec: { layers: [{ type: 'dense', units: 16 }, { type: 'activation', activation: 'relu' }] } });
    const run = await trained('iris', {
      trainer: 'backprop', optimizer: { id: 'adam', params: { lr: 0.01 } }, loss: { id: 'crossEntropy' }, batchSize: 16, epochs: 60,
    }, model.id);
    const curves = await value('runs.curves', { id: run.id, split: 'val' });
    expect(curves.roc).toHaveLength(3);
    for (const c of curves.roc) {
      expect([c.x[0], c.y[0], c.x.at(-1), c.y.at(-1)]).toEqual([0, 0, 1, 1]);
      // Few rows: nothing was thinned, so the trapezoids of the drawn points give the area.
      const area = c.x.slice(1).reduce((s, x, i) => s + ((x - c.x[i]) * (c.y[i + 1] + c.y[i])) / 2, 0);
      expect(c.area).toBeCloseTo(area, 12);
    }
    expect(curves.macroRocAuc).toBeGreaterThan(0.9);
    expect(curves.macroAveragePrecision).toBeGreaterThan(0.8);
    expect(curves.pr.every((c) => c.y.every((p) => p >= 0 && p <= 1))).toBe(true);
  });

  it('residuals of the rebuilt test split are the run\'s recorded test predictions, and a histogram of all of them', async () => {
    const run = await trained('diabetes_regression', { ...ELM, hiddenUnits: 30, activation: 'tanh', c: 10, init: 'gaussian' });
    const r = await value('runs.residuals', { id: run.id, split: 'test' });
    const { actual, predicted } = run.predictedVsActual!;
    expect(r.rows).toBe(actual.length);
    r.residual.forEach((v, i) => expect(v).toBeCloseTo(actual[i] - predicted[i], 3));
    r.predicted.forEach((v, i) => expect(v).toBeCloseTo(predicted[i], 3));
    expect(r.histogram.counts.reduce((s, v) => s + v, 0)).toBe(r.rows);
    expect(Math.sqrt(r.residual.reduce((s, v) => s + v * v, 0) / r.rows)).toBeCloseTo(run.summary!.test!.rmse!, 3);
    const wrong = await call('runs.classReport', { id: run.id, split: 'test' });
    expect(wrong.ok ? null : wrong.error.code).toBe('CONFLICT');
  });

  it('decision boundary on two inputs: every confident cell is what predicting that row gives', async () => {
    const run = await trained('iris', ELM);
    const size = 20;
    const b = await value('runs.decisionBoundary', { id: run.id, split: 'val', axes: { kind: 'features', x: 'petal_length_cm', y: 'petal_width_cm' }, size });
    expect(b.cells).toHaveLength(size * size);
    expect(b.held.map((h) => h.name)).toEqual(['sepal_length_cm', 'sepal_width_cm']);
    expect(b.points.x).toHaveLength(run.summary!.data.val);
    // Petal sizes separate iris: more than one class shows, and most validation points sit in their own class's region.
    expect(new Set(b.cells).size).toBeGreaterThan(1);
    const inOwnRegion = b.points.x.filter((x, i) => {
      const col = Math.min(size - 1, Math.floor(((x - b.x.min) / (b.x.max - b.x.min)) * size));
      const row = Math.min(size - 1, Math.floor(((b.points.y[i] - b.y.min) / (b.y.max - b.y.min)) * size));
      return b.cells[row * size + col] === b.points.actual[i];
    }).length;
    expect(inOwnRegion / b.points.x.length).toBeGreaterThan(0.8);
    const held = Object.fromEntries(b.held.map((h) => [h.name, h.value]));
    for (const cell of [0, size * size - 1, (size / 2) * size + size / 2, 3 * size + 15]) {
      if (b.confidence[cell] < 0.9) continue;
      const x = b.x.min + ((cell % size) + 0.5) * (b.x.max - b.x.min) / size;
      const y = b.y.min + (Math.floor(cell / size) + 0.5) * (b.y.max - b.y.min) / size;
      const row = await value('runs.predictRow', { id: run.id, values: { ...held, petal_length_cm: String(x), petal_width_cm: String(y) } });
      expect(row.rows[0][row.columns.indexOf('prediction')]).toBe(b.classes[b.cells[cell]]);
    }
  });

  it('decision boundary on principal components: the known variance shares of standardised iris', async () => {
    const run = await trained('iris', ELM);
    const b = await value('runs.decisionBoundary', { id: run.id, split: 'val', axes: { kind: 'pca' }, size: 10 });
    // Full standardised iris: 0.730 and 0.229 (scikit-learn's PCA example); the 70 % training split is close.
    expect(b.explained![0]).toBeCloseTo(0.73, 1);
    expect(b.explained![1]).toBeCloseTo(0.23, 1);
    expect(b.axes).toMatchObject({ kind: 'pca' });
    const bad = await call('runs.decisionBoundary', { id: run.id, split: 'val', axes: { kind: 'features', x: 'species', y: 'petal_width_cm' }, size: 10 });
    expect(bad.ok ? null : bad.error).toMatchObject({ code: 'BAD_REQUEST', details: { field: 'axes.x' } });
    const tooBig = await call('runs.decisionBoundary', { id: run.id, split: 'val', axes: { kind: 'pca' }, size: 1000 });
    expect(tooBig.ok ? null : tooBig.error.code).toBe('BAD_REQUEST');
  });

  it('scores a predicted CSV that has the target column, keeps that column, and leaves out rows it cannot score', async () => {
    const run = await trained('iris', ELM);
    const file = path.join(api.dir, 'labelled.csv');
    writeFileSync(file, [
      'petal_width_cm,species,sepal_length_cm,sepal_width_cm,petal_length_cm',
      '0.2,setosa,5.1,3.5,1.4', '1.3,versicolor,5.7,2.8,4.1', '2.3,virginica,6.9,3.1,5.4', '1.8,versicolor,6.3,2.9,5.6',
      '0.2,,5.0,3.4,1.5', '0.3,unknown-flower,4.8,3.0,1.4',
    ].join('\n'));
    const { fileId } = api.backend.files.register(file);
    const t = await value('runs.predictFile', { id: run.id, file: { fileId } });
    const at = (name: string) => t.columns.indexOf(name);
    expect(at('species')).toBeGreaterThanOrEqual(0);
    const labelled = t.rows.slice(0, 4);
    const right = labelled.filter((r) => r[at('species')] === r[at('prediction')]).length;
    expect(t.score).toEqual({ target: 'species', rows: 4, skipped: 2, metrics: { accuracy: right / 4, balancedAccuracy: expect.any(Number) } });

    const reg = await trained('diabetes_regression', { ...ELM, hiddenUnits: 30, activation: 'tanh', c: 10, init: 'gaussian' });
    const scored = await value('runs.predictFile', { id: reg.id, file: { fileId: api.backend.files.register(path.join(SAMPLES, 'diabetes_regression.csv')).fileId } });
    const target = scored.score!.target;
    const errors = scored.rows.map((r) => Number(r[scored.columns.indexOf(target)]) - Number(r[scored.columns.indexOf('prediction')]));
    expect(scored.score!.rows).toBe(442);
    expect(scored.score!.metrics.rmse).toBeCloseTo(Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / errors.length), 9);
    expect(scored.score!.metrics.mae).toBeCloseTo(errors.reduce((s, e) => s + Math.abs(e), 0) / errors.length, 9);
  });
});
