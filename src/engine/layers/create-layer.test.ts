import { describe, expect, it } from 'vitest';
import { LAYER_ACTIVATIONS } from '../catalog/activations';
import { idsOf, ParamError, resolveParams } from '../catalog/fields';
import { LAYER_FIELDS, LAYERS, layerShape } from '../catalog/layers';
import { validateModelSpec } from '../catalog/model-spec';
import { Rng } from '../math/random';
import type { LayerSpec, LayerType } from '../model/spec';
import type { ActivationLayer } from './activation';
import type { BatchNormLayer } from './batch-norm';
import { createLayer } from './create-layer';

const options = { dtype: 'float32' as const, rng: new Rng(1) };
type RawSpec = { type: LayerType } & Record<string, unknown>;

/** A spec as a person writes it, resolved by the catalog (defaults filled in) as the API does. */
const resolved = (spec: RawSpec): LayerSpec => validateModelSpec({ layers: [spec] }).layers[0];
/** The layer's own fields check, which reports the setting (validateModelSpec adds the layer index). */
const resolveSettings = ({ type, ...settings }: RawSpec) => resolveParams(LAYER_FIELDS[type], settings, LAYERS[type].label);
const build = (spec: RawSpec, inputSize: number) => createLayer(resolved(spec), inputSize, options);

describe('layer catalog and factory', () => {
  it.each<[RawSpec, number, number]>([
    [{ type: 'dense', units: 8 }, 8, 5 * 8 + 8],
    [{ type: 'dense', units: 3, bias: false }, 3, 5 * 3],
    [{ type: 'activation', activation: 'tanh' }, 5, 0],
    [{ type: 'dropout', rate: 0.5 }, 5, 0],
    [{ type: 'batchNorm', momentum: 0.2 }, 5, 10],
  ])('%o: output size and parameter count without building match the built layer', (spec, outputSize, params) => {
    expect(layerShape(resolved(spec), 5)).toEqual({ outputSize, params });
    const layer = build(spec, 5);
    expect(layer.type).toBe(spec.type);
    expect(layer.outputSize).toBe(outputSize);
    expect(layer.params.reduce((n, p) => n + p.value.length, 0)).toBe(params);
  });

  it('names params and buffers as documented', () => {
    expect(build({ type: 'dense', units: 2 }, 3).params.map((p) => p.name)).toEqual(['weight', 'bias']);
    const bn = build({ type: 'batchNorm' }, 3) as BatchNormLayer;
    expect(bn.params.map((p) => p.name)).toEqual(['gamma', 'beta']);
    expect(Object.keys(bn.buffers).sort()).toEqual(['runningMean', 'runningVar']);
  });

  it('uses the activation-specific alpha default', () => {
    expect((build({ type: 'activation', activation: 'elu' }, 2) as ActivationLayer).alpha).toBe(1);
    expect((build({ type: 'activation', activation: 'leakyRelu' }, 2) as ActivationLayer).alpha).toBe(0.01);
    expect((build({ type: 'activation', activation: 'elu', alpha: 0.3 }, 2) as ActivationLayer).alpha).toBe(0.3);
  });

  it.each<[RawSpec, string]>([
    [{ type: 'dense', units: 0 }, 'units'],
    [{ type: 'dense', units: 5000 }, 'units'],
    [{ type: 'dense', units: 2.5 }, 'units'],
    [{ type: 'dropout', rate: 0.99 }, 'rate'],
    [{ type: 'batchNorm', epsilon: 0 }, 'epsilon'],
    [{ type: 'activation', activation: 'swish' }, 'activation'],
    [{ type: 'dense', units: 3, unit: 4 }, 'unit'],
  ])('rejects %o', (spec, key) => {
    expect(() => resolveSettings(spec)).toThrow(ParamError);
    expect(() => resolveSettings(spec)).toThrow(new RegExp(key));
  });

  it('rejects an unknown layer type', () => {
    expect(() => validateModelSpec({ layers: [{ type: 'conv' }] })).toThrow(/unknown layer type/);
  });

  it('has an entry, label and help for every layer type and activation', () => {
    for (const entry of Object.values(LAYERS)) {
      expect(entry.help.length).toBeGreaterThan(10);
      for (const f of Object.values(entry.fields.fields)) expect(f.help.length).toBeGreaterThan(10);
    }
    const activationField = LAYERS.activation.fields.fields.activation;
    expect(activationField.options.map((o) => o.value)).toEqual(idsOf(LAYER_ACTIVATIONS));
    for (const a of Object.values(LAYER_ACTIVATIONS)) expect(a.help.length).toBeGreaterThan(10);
  });
});
