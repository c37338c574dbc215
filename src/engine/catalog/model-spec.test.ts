import { describe, expect, it } from 'vitest';
import { describeLayers, SpecError, validateModelSpec } from './model-spec';
import { thrownBy } from '../testing/thrown';

const specError = (value: unknown): SpecError => thrownBy(() => validateModelSpec(value), SpecError);

describe('validateModelSpec', () => {
  it('fills defaults so the stored spec is complete', () => {
    const spec = validateModelSpec({ layers: [{ type: 'dense', units: 8 }, { type: 'activation', activation: 'relu' }] });
    expect(spec.layers[0]).toMatchObject({ type: 'dense', units: 8, bias: true });
    expect(spec.layers[0]).toHaveProperty('initializer');
  });

  it('leaves alpha unset so ELU and Leaky ReLU keep their own defaults', () => {
    const spec = validateModelSpec({ layers: [{ type: 'activation', activation: 'elu' }] });
    expect(spec.layers[0]).not.toHaveProperty('alpha');
    expect(validateModelSpec({ layers: [{ type: 'activation', activation: 'leakyRelu', alpha: 0.2 }] }).layers[0]).toMatchObject({ alpha: 0.2 });
  });

  it.each([
    [{ layers: [{ type: 'dense', units: 8 }, { type: 'conv2d' }] }, 1, /unknown layer type "conv2d"/],
    [{ layers: [{ type: 'dense', units: 0 }] }, 0, /units must be ≥ 1/],
    [{ layers: [{ type: 'dense', units: 2.5 }] }, 0, /units must be a whole number/],
    [{ layers: [{ type: 'dense', units: 4 }, { type: 'activation', activation: 'swish' }] }, 1, /activation must be one of/],
    [{ layers: [{ type: 'dropout', rate: 1.5 }] }, 0, /rate must be ≤/],
    [{ layers: [{ type: 'dense', units: 4, unit: 3 }] }, 0, /unit is not a known setting/],
    [{ layers: [null] }, 0, /expected an object/],
  ])('rejects %j at layer index %i', (value, index, reason) => {
    const e = specError(value);
    expect(e.layerIndex).toBe(index);
    expect(e.message).toMatch(reason);
    expect(e.message).toContain(`layer ${index + 1}`);
  });

  it('rejects things that are not a spec at all', () => {
    expect(specError(42).layerIndex).toBeNull();
    expect(specError({ layers: 'dense' }).message).toMatch(/"layers" list/);
    expect(specError({ layers: Array.from({ length: 65 }, () => ({ type: 'dropout', rate: 0 })) }).message).toMatch(/at most/);
  });
});

describe('describeLayers', () => {
  it('infers shapes and counts parameters without building', () => {
    const { layers } = validateModelSpec({
      layers: [
        { type: 'dense', units: 64 }, { type: 'batchNorm' }, { type: 'activation', activation: 'relu' },
        { type: 'dropout', rate: 0.2 }, { type: 'dense', units: 3, bias: false },
      ],
    });
    const d = describeLayers(layers, 10);
    expect(d.layers.map((l) => [l.inputSize, l.outputSize])).toEqual([[10, 64], [64, 64], [64, 64], [64, 64], [64, 3]]);
    // dense 10·64 + 64, batchNorm γ and β (running stats are not trainable), dense 64·3 without bias.
    expect(d.layers.map((l) => l.params)).toEqual([704, 128, 0, 0, 192]);
    expect(d.totalParams).toBe(704 + 128 + 192);
  });
});
