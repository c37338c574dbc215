import { describe, expect, it } from 'vitest';
import { resolveTrainerConfig } from '../../../engine/catalog/trainer-config';
import type { PrepareSettings } from '../../../shared/api';
import { describeSettings, settingsDiff, type RunSettings } from './config-words';

const prepare: PrepareSettings = {
  scaling: 'standard', oneHot: true, targetScaling: 'standard',
  split: { train: 0.7, val: 0.15, test: 0.15, fixedTrainRows: null }, stratified: true, seed: 0,
};

function backprop(overrides: Record<string, unknown> = {}): RunSettings {
  const trainerConfig = resolveTrainerConfig({
    trainer: 'backprop',
    model: { layers: [{ type: 'dense', units: 8, initializer: 'heUniform' }, { type: 'activation', activation: 'relu' }] },
    optimizer: { id: 'adam', params: { lr: 0.001 } },
    loss: { id: 'crossEntropy' },
    epochs: 20,
    earlyStopping: null,
    ...overrides,
  }, 'classification', null);
  return { trainerConfig, seed: 1, prepare };
}

const words = (run: RunSettings, withModel = false) => Object.fromEntries(describeSettings(run, withModel).map((r) => [r.label, r.value]));

describe('describeSettings', () => {
  it('names every stored key and choice by its catalog words, never by its key', () => {
    const rows = describeSettings(backprop(), true);
    const w = Object.fromEntries(rows.map((r) => [r.label, r.value]));
    expect(w['Optimizer']).toBe('Adam');
    expect(w['Optimizer: Learning rate']).toBe('0.001');
    expect(w['Loss']).toBe('Cross-entropy');
    expect(w['Early stopping']).toBe('Off');
    expect(w['Layer 1 (Dense): Initial weights']).toMatch(/^He/);
    expect(w['Feature scaling']).toMatch(/^Standardise/);
    expect(w['Split']).toBe('70 % train · 15 % validation · 15 % test');
    // The technical path is kept on each row for the details view, and no label is a raw key.
    expect(rows.find((r) => r.label === 'Optimizer: Learning rate')?.path).toBe('trainer.optimizer.params.lr');
    for (const r of rows) {
      expect(r.label).not.toMatch(/^[a-z]+[A-Z.]|\.|^[a-z]+$/);
      expect(r.value).not.toMatch(/^(heUniform|crossEntropy|adam|null|true|false)$/);
    }
  });

  it('lists early stopping settings when it is on, and an ELM run by ELM words', () => {
    const w = words(backprop({ earlyStopping: { patience: 5 } }));
    expect(w['Early stopping']).toBe('On');
    expect(w['Early stopping: Patience (epochs)']).toBe('5');
    const elm = words({ trainerConfig: resolveTrainerConfig({ trainer: 'elm', activation: 'sin' }, 'classification', null), seed: 0, prepare });
    expect(elm).toMatchObject({ Trainer: 'ELM', Solver: 'Ridge (regularised)', 'Hidden units': '200' });
    expect(elm['Activation']).not.toBe('sin');
  });
});

describe('settingsDiff', () => {
  it('keeps only the settings that differ, in words, with a dash where one is missing', () => {
    const a = backprop();
    const b = backprop({ optimizer: { id: 'sgd' }, earlyStopping: { patience: 5 } });
    const diff = settingsDiff([a, b]);
    const byLabel = Object.fromEntries(diff.map((d) => [d.label, d.values]));
    expect(byLabel['Optimizer']).toEqual(['Adam', 'SGD']);
    expect(byLabel['Optimizer: Nesterov']).toEqual(['—', 'No']);
    expect(byLabel['Early stopping']).toEqual(['Off', 'On']);
    expect(byLabel['Feature scaling']).toBeUndefined();
  });

  it('is empty for identical settings', () => {
    expect(settingsDiff([backprop(), backprop(), backprop()])).toEqual([]);
  });
});
