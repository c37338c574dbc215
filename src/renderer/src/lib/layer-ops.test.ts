import { describe, expect, it } from 'vitest';
import type { LayerSpec } from '../../../engine/model/spec';
import { builtLayerNames, defaultLayer, gradientSeries, depthWords, uniqueName, insertLayer, moveLayer, removeLayer, summariseDesign, withoutUnusedAlpha } from './layer-ops';
import { MODEL_TEMPLATES } from './model-templates';

const d = (units: number): LayerSpec => ({ type: 'dense', units, bias: true, initializer: 'glorotUniform' });

describe('layer list operations', () => {
  it('moves, inserts and removes by index', () => {
    const l = [d(1), d(2), d(3)];
    expect(moveLayer(l, 0, 2).map((x) => (x as { units: number }).units)).toEqual([2, 3, 1]);
    expect(moveLayer(l, 2, 0).map((x) => (x as { units: number }).units)).toEqual([3, 1, 2]);
    expect(insertLayer(l, 1, d(9)).map((x) => (x as { units: number }).units)).toEqual([1, 9, 2, 3]);
    expect(removeLayer(l, 1).map((x) => (x as { units: number }).units)).toEqual([1, 3]);
    expect(l.map((x) => (x as { units: number }).units)).toEqual([1, 2, 3]);
  });

  it('keeps alpha only for activations that take it, defaulting per activation', () => {
    expect(withoutUnusedAlpha({ type: 'activation', activation: 'relu', alpha: 0.01 })).toEqual({ type: 'activation', activation: 'relu' });
    expect(withoutUnusedAlpha({ type: 'activation', activation: 'elu' })).toEqual({ type: 'activation', activation: 'elu', alpha: 1 });
    expect(defaultLayer('activation')).toEqual({ type: 'activation', activation: 'relu' });
  });
});

describe('summariseDesign', () => {
  it('counts parameters of the MLP template plus a softmax head by hand', () => {
    const mlp = MODEL_TEMPLATES.find((t) => t.id === 'mlp')!.layers!;
    const s = summariseDesign(mlp, 4, 'classification', 3, 'crossEntropy');
    // 4→64: 4·64+64; 64→64: 64·64+64; head 64→3: 64·3+3.
    expect(s.totalParams).toBe(4 * 64 + 64 + 64 * 64 + 64 + 64 * 3 + 3);
    expect(s.hidden!.map((l) => l.outputSize)).toEqual([64, 64, 64, 64]);
    expect(s.head[0].index).toBe(4);
  });

  it('reports the invalid layer instead of throwing', () => {
    const s = summariseDesign([d(8), { type: 'dropout', rate: 2 }], 4, 'regression', 1, 'mse');
    expect(s.totalParams).toBeNull();
    expect(s.errorLayer).toBe(1);
    expect(s.error).toMatch(/rate/);
  });

  it('logistic regression is the head alone', () => {
    expect(summariseDesign([], 10, 'regression', 1, 'mse').totalParams).toBe(11);
  });
});

describe('builtLayerNames', () => {
  it('names hidden and output layers in the order of the built network', () => {
    expect(builtLayerNames([d(8), { type: 'activation', activation: 'relu' }], 'classification', 3, 'crossEntropy'))
      .toEqual(['Dense 8', 'ReLU', 'Output layer', 'Output Softmax']);
  });
});

describe('gradientSeries', () => {
  it('numbers the layers that have a gradient among themselves, in layer order, and ignores other keys', () => {
    const names = ['Dense 64', 'ReLU', 'Dense 64', 'ReLU', 'Output layer', 'Output Softmax'];
    const keys = ['val.loss', 'grad.4', 'grad.0', 'grad.2', 'gradient', 'grad.x'];
    expect(gradientSeries(keys, names)).toEqual([
      { key: 'grad.0', name: '1. Dense 64' }, { key: 'grad.2', name: '2. Dense 64' }, { key: 'grad.4', name: '3. Output layer' },
    ]);
    expect(gradientSeries(['grad.10', 'grad.9'], []).map((s) => s.name)).toEqual(['1. layer 10', '2. layer 11']);
  });
});

describe('depthWords', () => {
  const dense = (units: number): LayerSpec => ({ type: 'dense', units, bias: true, initializer: 'heUniform' });
  const relu: LayerSpec = { type: 'activation', activation: 'relu' };

  it('counts the layers with weights, not their activations: 8 × (Dense 32, ReLU) is 8 hidden layers', () => {
    const layers = Array.from({ length: 8 }, () => [dense(32), relu]).flat();
    expect(layers).toHaveLength(16);
    expect(depthWords(layers)).toBe('8 hidden layers of 32 units');
    expect(depthWords([dense(64), relu, { type: 'dropout', rate: 0.2 }, dense(8)])).toBe('2 hidden layers (64 and 8 units)');
    expect(depthWords([dense(5)])).toBe('1 hidden layer of 5 units');
    expect(depthWords([])).toBe('no hidden layers (a linear model)');
  });
});

describe('uniqueName', () => {
  it('keeps a free name and numbers a taken one with the first free number', () => {
    expect(uniqueName('Wide', ['My network'])).toBe('Wide');
    expect(uniqueName('My network', ['My network', 'My network 2'])).toBe('My network 3');
  });
});
