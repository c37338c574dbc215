import { describe, expect, it } from 'vitest';
import { ParamError } from './fields';
import { SpecError, validateModelSpec } from './model-spec';
import { resolveTrainerConfig } from './trainer-config';
import { thrownBy } from '../testing/thrown';

const DESIGN = { layers: [{ type: 'dense', units: 4 }, { type: 'activation', activation: 'relu' }] };
const BP = { trainer: 'backprop', model: DESIGN, optimizer: { id: 'sgd', params: { lr: 0.1 } }, loss: { id: 'crossEntropy' } } as const;

/** The path of the ParamError that resolving `raw` throws. */
function pathOf(raw: unknown, task: 'classification' | 'regression' = 'classification'): string {
  return thrownBy(() => resolveTrainerConfig(raw, task, null), ParamError).path;
}

describe('resolveTrainerConfig', () => {
  it('fills every default of a backprop config and keeps what was left out absent', () => {
    const config = resolveTrainerConfig(BP, 'classification', null);
    expect(config).toEqual({
      trainer: 'backprop',
      model: validateModelSpec(DESIGN),
      optimizer: { id: 'sgd', params: { lr: 0.1, momentum: 0.9, dampening: 0, nesterov: false, weightDecay: 0 } },
      loss: { id: 'crossEntropy', params: {} },
      epochs: 50,
      batchSize: 32,
    });
    const full = resolveTrainerConfig({
      ...BP, schedule: { id: 'step' }, earlyStopping: { patience: 4 }, clipping: { mode: 'norm' }, batchSize: 8, epochs: 3,
    }, 'classification', null);
    expect(full).toMatchObject({
      batchSize: 8, epochs: 3, schedule: { id: 'step', params: { stepSize: 10, gamma: 0.1 } },
      earlyStopping: { patience: 4, minDelta: 0, restoreBest: true }, clipping: { mode: 'norm', value: 1 },
    });
    expect(resolveTrainerConfig({ ...BP, earlyStopping: null }, 'classification', null).earlyStopping).toBeNull();
  });

  it('returns what it is given when given its own output (stored configs resolve to themselves)', () => {
    const once = resolveTrainerConfig({ ...BP, schedule: { id: 'cosine' }, earlyStopping: { patience: 2 }, clipping: { mode: 'value', value: 3 } }, 'classification', null);
    const stored = JSON.parse(JSON.stringify(once));
    expect(resolveTrainerConfig(stored, 'classification', null)).toEqual(once);
    const elm = resolveTrainerConfig({ trainer: 'elm', hiddenUnits: 7 }, 'regression', null);
    expect(elm).toEqual({ trainer: 'elm', hiddenUnits: 7, activation: 'sigmoid', solver: 'ridge', c: 1000, init: 'uniform' });
    expect(resolveTrainerConfig(JSON.parse(JSON.stringify(elm)), 'regression', null)).toEqual(elm);
  });

  it('names the path of every bad setting', () => {
    expect(pathOf(null)).toBe('');
    expect(pathOf({ trainer: 'svm' })).toBe('trainer');
    expect(pathOf({ ...BP, optimizer: { id: 'sgd', params: { lr: -1 } } })).toBe('optimizer.params.lr');
    expect(pathOf({ ...BP, optimizer: { id: 'sgd', params: { nesterov: true, momentum: 0 } } })).toBe('optimizer.params.nesterov');
    expect(pathOf({ ...BP, optimizer: { id: 'nadam' } })).toBe('optimizer.id');
    expect(pathOf({ ...BP, optimizer: 'adam' })).toBe('optimizer');
    expect(pathOf({ ...BP, optimizer: { id: 'adam', params: [] } })).toBe('optimizer.params');
    expect(pathOf({ ...BP, optimizer: { id: 'adam', lr: 0.1 } })).toBe('optimizer.lr');
    expect(pathOf({ ...BP, loss: { id: 'mse' } })).toBe('loss.id');
    expect(pathOf({ ...BP, loss: { id: 'huber', params: { delta: 0 } } }, 'regression')).toBe('loss.params.delta');
    expect(pathOf({ ...BP, schedule: { id: 'step', params: { gamma: 2 } } })).toBe('schedule.params.gamma');
    expect(pathOf({ ...BP, earlyStopping: { patience: 0 } })).toBe('earlyStopping.patience');
    expect(pathOf({ ...BP, earlyStopping: 5 })).toBe('earlyStopping');
    expect(pathOf({ ...BP, clipping: { mode: 'clamp' } })).toBe('clipping.mode');
    expect(pathOf({ ...BP, batchSize: 0 })).toBe('batchSize');
    expect(pathOf({ ...BP, epochs: 1.5 })).toBe('epochs');
    expect(pathOf({ ...BP, learningRate: 0.1 })).toBe('learningRate');
    expect(pathOf({ trainer: 'elm', hiddenUnits: 0 })).toBe('hiddenUnits');
    expect(pathOf({ trainer: 'elm', activation: 'softmax' })).toBe('activation');
    expect(pathOf({ trainer: 'elm', model: DESIGN })).toBe('model');
  });

  it('explains unknown ids with the known ones', () => {
    expect(() => resolveTrainerConfig({ ...BP, optimizer: { id: 'nadam' } }, 'classification', null))
      .toThrow('optimizer.id: unknown optimizer "nadam" (known: sgd, adam, adamw, rmsprop, adagrad)');
    expect(() => resolveTrainerConfig({ ...BP, loss: { id: 'mse' } }, 'classification', null)).toThrow('loss.id: mse does not suit classification');
  });

  it('trains a given design, else the inline one validated like a saved one, else refuses', () => {
    const saved = validateModelSpec({ layers: [{ type: 'dropout', rate: 0.1 }] });
    expect(resolveTrainerConfig(BP, 'classification', saved).model).toEqual(saved);
    expect(resolveTrainerConfig(BP, 'classification', null).model).toEqual(validateModelSpec(DESIGN));
    const bad = { ...BP, model: { layers: [{ type: 'dense', units: 4 }, { type: 'dense', units: 0 }] } };
    expect(() => resolveTrainerConfig(bad, 'classification', null)).toThrow(SpecError);
    expect(() => resolveTrainerConfig(bad, 'classification', null)).toThrow('invalid model: layer 2: units must be ≥ 1');
    const { model: _model, ...withoutDesign } = BP;
    expect(pathOf(withoutDesign)).toBe('model');
  });
});
