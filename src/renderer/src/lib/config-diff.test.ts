import { describe, expect, it } from 'vitest';
import { configDiff, flattenConfig } from './config-diff';

describe('flattenConfig', () => {
  it('names nested values by path, arrays by index', () => {
    expect(flattenConfig({ optimizer: { id: 'adam', params: { lr: 0.001 } }, layers: [{ units: 8 }], empty: {} })).toEqual({
      'optimizer.id': 'adam', 'optimizer.params.lr': '0.001', 'layers.0.units': '8', empty: '{}',
    });
  });
});

describe('configDiff', () => {
  it('keeps only the settings that differ, with a dash where one is missing', () => {
    const a = { optimizer: { id: 'adam', params: { lr: 0.001 } }, epochs: 50, seed: 1 };
    const b = { optimizer: { id: 'sgd', params: { lr: 0.001, momentum: 0.9 } }, epochs: 50, seed: 2 };
    expect(configDiff([a, b])).toEqual([
      { path: 'optimizer.id', values: ['adam', 'sgd'] },
      { path: 'optimizer.params.momentum', values: ['—', '0.9'] },
      { path: 'seed', values: ['1', '2'] },
    ]);
  });

  it('is empty for identical configurations', () => {
    expect(configDiff([{ a: 1 }, { a: 1 }, { a: 1 }])).toEqual([]);
  });
});
