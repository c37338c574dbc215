import { describe, expect, it } from 'vitest';
import type { ModelSpec } from '../model/spec';
import { InputError } from './input-error';
import { applyPoint, axisValues, gridPoints, gridSize, parseGrid, pointWords, reshapeDesign, settingOfPath, SETTINGS, valueWords } from './sweep-settings';
import { resolveTrainerConfig } from './trainer-config';

describe('parseGrid', () => {
  it('reads the issue\'s grid: a log range of 4 and a list of 2', () => {
    const axes = parseGrid('lr=1e-4:1e-1:log:4;batch-size=32,128');
    expect(axes).toEqual([
      { setting: 'lr', range: { start: 1e-4, end: 1e-1, scale: 'log', count: 4 } },
      { setting: 'batch-size', values: [32, 128] },
    ]);
    // Evenly spaced in log10: -4, -3, -2, -1.
    const lr = axisValues(axes[0]) as number[];
    [1e-4, 1e-3, 1e-2, 1e-1].forEach((v, i) => expect(lr[i]).toBeCloseTo(v, 15));
    expect(gridSize(axes)).toBe(8);
  });

  it('spaces a linear range and rounds whole-number settings, dropping repeats', () => {
    expect(axisValues({ setting: 'dropout', range: { start: 0, end: 0.5, scale: 'lin', count: 3 } })).toEqual([0, 0.25, 0.5]);
    // 1, 1.58, 2.51, 3.98, 6.31, 10 → rounded 1, 2, 3, 4, 6, 10.
    expect(axisValues({ setting: 'depth', range: { start: 1, end: 10, scale: 'log', count: 6 } })).toEqual([1, 2, 3, 4, 6, 10]);
    expect(axisValues({ setting: 'batch-size', range: { start: 8, end: 9, scale: 'lin', count: 5 } })).toEqual([8, 9]);
  });

  it('reads names for id settings', () => {
    expect(parseGrid('optimizer=adam,sgd')).toEqual([{ setting: 'optimizer', values: ['adam', 'sgd'] }]);
  });

  it.each([
    ['', /empty/],
    ['lr', /expected name=values/],
    ['learning-rate=0.1', /"learning-rate" is not a setting a sweep can change/],
    ['lr=abc', /"abc" is not a number/],
    ['lr=0:1:log:3', /log range needs start and end > 0/],
    ['lr=1e-4:1e-1:cubic:4', /start:end:log\|lin:count/],
    ['lr=1e-4:1e-1:log:0', /whole number ≥ 1/],
    ['lr=0.1;lr=0.2', /given twice/],
    ['optimizer=adam:sgd:log:2', /takes a list of names/],
    ['batch-size=32,,64', /empty value/],
  ])('refuses %j with one clear message', (grid, message) => {
    expect(() => parseGrid(grid)).toThrow(InputError);
    expect(() => parseGrid(grid)).toThrow(message);
  });
});

describe('gridPoints', () => {
  it('gives every combination once, the first axis changing slowest', () => {
    const points = gridPoints([{ setting: 'c', values: [1, 10] }, { setting: 'hidden-units', values: [5, 6, 7] }]);
    expect(points).toEqual([
      { c: 1, 'hidden-units': 5 }, { c: 1, 'hidden-units': 6 }, { c: 1, 'hidden-units': 7 },
      { c: 10, 'hidden-units': 5 }, { c: 10, 'hidden-units': 6 }, { c: 10, 'hidden-units': 7 },
    ]);
  });
});

const design: ModelSpec = {
  layers: [
    { type: 'dense', units: 64, bias: true, initializer: 'glorotUniform' },
    { type: 'activation', activation: 'relu' },
    { type: 'dense', units: 32, bias: true, initializer: 'heNormal' },
    { type: 'activation', activation: 'tanh' },
  ],
};

describe('applyPoint', () => {
  const base = { trainer: 'backprop', model: design, optimizer: { id: 'adam', params: { lr: 0.001 } }, loss: { id: 'crossEntropy' }, batchSize: 32, epochs: 5 };

  it('writes each value at its catalog path, and the resolver accepts the result', () => {
    const { raw } = applyPoint(base, null, { lr: 0.05, 'batch-size': 128, optimizer: 'sgd', patience: 4 });
    const config = resolveTrainerConfig(raw, 'classification', null);
    if (config.trainer !== 'backprop') throw new Error('expected backprop');
    expect(config.optimizer).toEqual({ id: 'sgd', params: expect.objectContaining({ lr: 0.05 }) });
    expect(config.batchSize).toBe(128);
    expect(config.earlyStopping?.patience).toBe(4);
    // The base is not changed.
    expect(base.optimizer).toEqual({ id: 'adam', params: { lr: 0.001 } });
  });

  it('leaves the refusal of a bad value to the resolver', () => {
    const { raw } = applyPoint(base, null, { lr: -1 });
    expect(() => resolveTrainerConfig(raw, 'classification', null)).toThrow(/optimizer\.params\.lr: must be > 0/);
  });

  it('refuses a setting of the other trainer', () => {
    expect(() => applyPoint(base, null, { c: 10 })).toThrow(/c is a setting of the elm trainer/);
  });

  it('reshapes a saved design for width, depth and dropout', () => {
    const { design: reshaped, raw } = applyPoint(base, design, { width: 16, depth: 3, dropout: 0.1 });
    expect(raw.model).toBe(design);
    expect(reshaped!.layers.map((l) => l.type)).toEqual(['dense', 'activation', 'dropout', 'dense', 'activation', 'dropout', 'dense', 'activation', 'dropout']);
    expect(reshaped!.layers.filter((l) => l.type === 'dense').map((l) => l.units)).toEqual([16, 16, 16]);
    // The third block repeats the last one (tanh, He initialiser).
    expect(reshaped!.layers[7]).toEqual({ type: 'activation', activation: 'tanh' });
  });
});

describe('reshapeDesign', () => {
  it('keeps the first blocks for a smaller depth and sets existing dropout rates', () => {
    const withDropout: ModelSpec = { layers: [...design.layers.slice(0, 2), { type: 'dropout', rate: 0.5 }, ...design.layers.slice(2)] };
    const out = reshapeDesign(withDropout, { depth: 1, dropout: 0.2 });
    expect(out.layers).toEqual([design.layers[0], design.layers[1], { type: 'dropout', rate: 0.2 }]);
  });

  it('refuses a design without a dense layer', () => {
    expect(() => reshapeDesign({ layers: [] }, { width: 8 })).toThrow(/no dense layer/);
  });
});

describe('SETTINGS', () => {
  it('names the flag of each trainer path and only catalog labels', () => {
    expect(settingOfPath('backprop', 'optimizer.params.lr')).toBe('lr');
    expect(settingOfPath('elm', 'activation')).toBe('elm-activation');
    expect(settingOfPath('backprop', 'activation')).toBeNull();
    expect(SETTINGS.c.label).toBe('C (ridge)');
    expect(SETTINGS.lr.logScale).toBe(true);
  });
});

describe('a point in words', () => {
  it('names settings by their labels and ids by their catalog words', () => {
    expect(pointWords({ lr: 0.01, optimizer: 'sgd', 'elm-activation': 'sin', c: 100 })).toBe('learning rate 0.01, optimizer SGD, activation Sine, C (ridge) 100');
    expect(valueWords('loss', 'crossEntropy')).not.toBe('crossEntropy');
    expect(valueWords('solver', 'pinv')).toBe('Pseudo-inverse');
  });

  it('writes an id no catalog knows, or a number, as it is', () => {
    expect(valueWords('optimizer', 'toString')).toBe('toString');
    expect(valueWords('batch-size', 32)).toBe('32');
    expect(valueWords('lr', undefined)).toBe('—');
  });
});
