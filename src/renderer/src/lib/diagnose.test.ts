import { describe, expect, it } from 'vitest';
import type { MetricSeries, RunMetrics } from '../../../shared/api';
import { diagnose, EXPLODING_NORM, PERSIST_EPOCHS, PLATEAU_EPOCHS, VANISHING_RATIO } from './diagnose';

const series = (values: number[]): MetricSeries => ({ epoch: values.map((_, i) => i + 1), value: values, elapsedMs: values.map((_, i) => i * 100) });
const kinds = (metrics: RunMetrics, status = 'completed') => diagnose({ status, summary: null, metrics }).map((d) => d.kind);

describe('diagnose', () => {
  it('reports vanishing gradients only when the ratio holds for several consecutive epochs', () => {
    const last = Array(6).fill(1);
    const tiny = VANISHING_RATIO / 10;
    const persistent: RunMetrics = { 'grad.0': series(Array(6).fill(tiny)), 'grad.8': series(last) };
    expect(kinds(persistent)).toContain('vanishing');
    // Below the ratio for one epoch fewer than required, with normal epochs around it.
    const brief = [1, ...Array(PERSIST_EPOCHS - 1).fill(tiny), 1, 1];
    expect(kinds({ 'grad.0': series(brief), 'grad.8': series(last) })).not.toContain('vanishing');
    // Just above the ratio never counts.
    expect(kinds({ 'grad.0': series(Array(6).fill(VANISHING_RATIO * 1.01)), 'grad.8': series(last) })).not.toContain('vanishing');
  });

  it('names the layers in the vanishing message', () => {
    const d = diagnose({
      status: 'completed', summary: null,
      metrics: { 'grad.0': series([1e-6, 1e-6, 1e-6]), 'grad.4': series([1, 1, 1]) },
      layerName: (i) => `L${i}`,
    });
    expect(d[0].message).toContain('L0');
    expect(d[0].message).toContain('L4');
  });

  it('reports exploding gradients above the threshold', () => {
    expect(kinds({ 'grad.0': series([1, 10, EXPLODING_NORM * 2]) })).toContain('exploding');
    expect(kinds({ 'grad.0': series([1, 10, EXPLODING_NORM / 2]) })).not.toContain('exploding');
  });

  it('names a collapse as such, with its epoch and the engine\'s words, not as infinite numbers', () => {
    const message = "the loss jumped to over 100× its best, and the network predicts 'van' for every row since epoch 2; lower the learning rate";
    const d = diagnose({ status: 'diverged', summary: { divergence: { kind: 'collapse', epoch: 2, layer: null, message } }, metrics: {} });
    expect(d.map((x) => x.kind)).toEqual(['collapse']);
    expect(d[0]).toMatchObject({ severity: 'error', title: 'Training collapsed' });
    expect(d[0].message).toContain("From epoch 2 the model stopped telling rows apart: the loss jumped");
    expect(d[0].message).not.toMatch(/infinite/);
  });

  it('reports divergence with its epoch and layer, first', () => {
    const d = diagnose({ status: 'diverged', summary: { divergence: { epoch: 7, layer: 'dense 2', message: 'loss is NaN' } }, metrics: {} });
    expect(d[0].kind).toBe('diverged');
    expect(d[0].message).toContain('epoch 7');
    expect(d[0].message).toContain('dense 2');
  });

  it('says the epoch and layer of a divergence once, not again after the trainer’s own sentence', () => {
    const layer = 'layer 1 (dense)';
    const [d] = diagnose({ status: 'diverged', summary: { divergence: { epoch: 12, layer, message: `the gradient of ${layer} became non-finite in epoch 12` } }, metrics: {} });
    expect(d.message.split(layer)).toHaveLength(2);
    expect(d.message.split('epoch 12')).toHaveLength(2);
  });

  it('reports overfitting when validation loss rises while training loss falls', () => {
    const train = [1, 0.8, 0.6, 0.5, 0.4, 0.3, 0.25, 0.2, 0.15, 0.1];
    const val = [1, 0.8, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0, 1.05];
    expect(kinds({ 'train.loss': series(train), 'val.loss': series(val) })).toContain('overfitting');
    // Validation still improving: no banner.
    expect(kinds({ 'train.loss': series(train), 'val.loss': series(train.map((v) => v + 0.1)) })).not.toContain('overfitting');
  });

  it('reports a plateau only while the loss is still high', () => {
    const stuck = [1, ...Array(PLATEAU_EPOCHS + 2).fill(0.9)];
    expect(kinds({ 'train.loss': series(stuck) })).toContain('plateau');
    const converged = [1, ...Array(PLATEAU_EPOCHS + 2).fill(0.01)];
    expect(kinds({ 'train.loss': series(converged) })).not.toContain('plateau');
  });

  it('finds nothing in a healthy run', () => {
    const loss = Array.from({ length: 20 }, (_, i) => 1 / (i + 1));
    expect(kinds({ 'train.loss': series(loss), 'val.loss': series(loss.map((v) => v * 1.1)), 'grad.0': series(loss), 'grad.2': series(loss) })).toEqual([]);
  });
});

/*
 * Real run records (train loss, validation loss and accuracy per epoch) from the engine at seed 0, split
 * 0.7/0.15/0.15 (see each file's `run`): made with runTrainingJob and epochPoints, nothing edited.
 */
import overfits from './fixtures/pima-256x2-overfits.json';
import stillImproving from './fixtures/satellite-sgd-still-improving.json';

const record = (r: { 'train.loss': number[]; 'val.loss': number[]; 'val.accuracy': number[] }): RunMetrics => ({
  'train.loss': series(r['train.loss']), 'val.loss': series(r['val.loss']), 'val.accuracy': series(r['val.accuracy']),
});

describe('overfitting on real runs', () => {
  it('does not fire while validation accuracy holds up, though the validation loss rose', () => {
    // Satellite with SGD: the validation loss is 26 % above its lowest by epoch 60, yet accuracy still improves.
    const metrics = record(stillImproving);
    expect(kinds(metrics)).not.toContain('overfitting');
    // At every point of the live run, too.
    for (let n = 10; n <= stillImproving['val.loss'].length; n += 5) {
      const cut = (a: number[]) => a.slice(0, n);
      expect(kinds(record({ 'train.loss': cut(stillImproving['train.loss']), 'val.loss': cut(stillImproving['val.loss']), 'val.accuracy': cut(stillImproving['val.accuracy']) }))).not.toContain('overfitting');
    }
  });

  it('fires on a clearly overfitting run, saying how sure it is', () => {
    const [d] = diagnose({ status: 'completed', summary: null, metrics: record(overfits) }).filter((x) => x.kind === 'overfitting');
    expect(d.title).toBe('Overfitting');
    expect(d.message).toMatch(/was above it in \d+ of the \d+ epochs since/);
    expect(d.message).toContain('Validation accuracy fell too');
    // Early in the same run it is flagged as probable at most.
    const early = (a: number[]) => a.slice(0, 12);
    const first = diagnose({ status: 'running', summary: null, metrics: record({ 'train.loss': early(overfits['train.loss']), 'val.loss': early(overfits['val.loss']), 'val.accuracy': early(overfits['val.accuracy']) }) });
    expect(first.find((x) => x.kind === 'overfitting')?.title ?? 'none').not.toBe('Overfitting');
  });
});
