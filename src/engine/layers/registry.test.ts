import { describe, expect, it } from 'vitest';
import { Rng } from '../math/random';
import type { LayerSpec } from '../model/spec';
import { ParamError } from '../registry/param-schema';
import type { ActivationLayer } from './activation';
import type { BatchNormLayer } from './batch-norm';
import { ACTIVATIONS, createLayer, layerOutputSize, layerParamCount, layerRegistry } from './registry';

const options = { dtype: 'float32' as const, rng: new Rng(1) };

describe('layer registry', () => {
  it.each<[LayerSpec, number, number]>([
    [{ type: 'dense', units: 8 }, 8, 5 * 8 + 8],
    [{ type: 'dense', units: 3, bias: false }, 3, 5 * 3],
    [{ type: 'activation', activation: 'tanh' }, 5, 0],
    [{ type: 'dropout', rate: 0.5 }, 5, 0],
    [{ type: 'batchNorm', momentum: 0.2 }, 5, 10],
  ])('%o: output size and parameter count without building match the built layer', (spec, outputSize, params) => {
    expect(layerOutputSize(spec, 5)).toBe(outputSize);
    expect(layerParamCount(spec, 5)).toBe(params);
    const layer = createLayer(spec, 5, options);
    expect(layer.type).toBe(spec.type);
    expect(layer.outputSize).toBe(outputSize);
    expect(layer.params.reduce((n, p) => n + p.value.length, 0)).toBe(params);
  });

  it('names params and buffers as documented', () => {
    expect(createLayer({ type: 'dense', units: 2 }, 3, options).params.map((p) => p.name)).toEqual(['weight', 'bias']);
    const bn = createLayer({ type: 'batchNorm' }, 3, options) as BatchNormLayer;
    expect(bn.params.map((p) => p.name)).toEqual(['gamma', 'beta']);
    expect(Object.keys(bn.buffers).sort()).toEqual(['runningMean', 'runningVar']);
  });

  it('uses the activation-specific alpha default', () => {
    expect((createLayer({ type: 'activation', activation: 'elu' }, 2, options) as ActivationLayer).alpha).toBe(1);
    expect((createLayer({ type: 'activation', activation: 'leakyRelu' }, 2, options) as ActivationLayer).alpha).toBe(0.01);
    expect((createLayer({ type: 'activation', activation: 'elu', alpha: 0.3 }, 2, options) as ActivationLayer).alpha).toBe(0.3);
  });

  it.each<[LayerSpec, string]>([
    [{ type: 'dense', units: 0 }, 'units'],
    [{ type: 'dense', units: 5000 }, 'units'],
    [{ type: 'dense', units: 2.5 }, 'units'],
    [{ type: 'dropout', rate: 0.99 }, 'rate'],
    [{ type: 'batchNorm', epsilon: 0 }, 'epsilon'],
    [{ type: 'activation', activation: 'swish' as never }, 'activation'],
    [{ type: 'dense', units: 3, unit: 4 } as never, 'unit'],
  ])('rejects %o', (spec, key) => {
    expect(() => createLayer(spec, 4, options)).toThrow(ParamError);
    expect(() => createLayer(spec, 4, options)).toThrow(new RegExp(key));
  });

  it('rejects an unknown layer type', () => {
    expect(() => createLayer({ type: 'conv' } as never, 4, options)).toThrow(/unknown layer type/);
  });

  it('has an entry, label and help for every layer type and activation', () => {
    for (const [key, entry] of Object.entries(layerRegistry)) {
      expect(entry.id).toBe(key);
      expect(entry.help.length).toBeGreaterThan(10);
      for (const f of entry.fields) expect(f.help.length).toBeGreaterThan(10);
    }
    const activationField = layerRegistry.activation.fields.find((f) => f.key === 'activation');
    expect(activationField?.type === 'enum' && activationField.options.map((o) => o.value)).toEqual(ACTIVATIONS.map((a) => a.id));
    for (const a of ACTIVATIONS) expect(a.help.length).toBeGreaterThan(10);
  });
});
