import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  booleanField, enumField, fieldDefaults, fieldProblem, fieldSet, fieldSetProblems, integerField, numberField, optional,
  ParamError, resolveParams, type Values,
} from './fields';
import { SGD_FIELDS } from './optimizers';
import { LAYER_FIELDS } from './layers';
import { thrownBy } from '../testing/thrown';

const SET = fieldSet(
  {
    rate: numberField({ label: 'Rate', help: 'A rate.', default: 0.5, min: 0, max: 1, exclusiveMax: true }),
    step: numberField({ label: 'Step', help: 'A step.', default: 1, min: 0, exclusiveMin: true }),
    count: integerField({ label: 'Count', help: 'A count.', default: 3, min: 1, max: 10 }),
    on: booleanField({ label: 'On', help: 'A switch.', default: false }),
    mode: enumField([{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }], { label: 'Mode', help: 'A mode.', default: 'a' }),
    extra: optional(numberField({ label: 'Extra', help: 'Optional.', default: 2, min: 0 })),
  },
  (v) => (v.on && v.mode !== 'b' ? { key: 'on', reason: 'needs mode b' } : null),
);

const problem = (input: Record<string, unknown>): ParamError => thrownBy(() => resolveParams(SET, input, 'Thing'), ParamError);

describe('resolveParams', () => {
  it('fills defaults and leaves optional fields out unless given', () => {
    expect(resolveParams(SET, undefined, 'Thing')).toEqual({ rate: 0.5, step: 1, count: 3, on: false, mode: 'a' });
    expect(resolveParams(SET, { extra: 0, mode: 'b' }, 'Thing')).toEqual({ rate: 0.5, step: 1, count: 3, on: false, mode: 'b', extra: 0 });
  });

  it('checks inclusive and exclusive bounds, whole numbers, types and options', () => {
    expect(resolveParams(SET, { rate: 0, count: 10, step: 1e-9 }, 'Thing')).toMatchObject({ rate: 0, count: 10, step: 1e-9 });
    expect(problem({ rate: 1 }).message).toBe('Thing: rate must be < 1');
    expect(problem({ rate: -0.1 }).message).toBe('Thing: rate must be ≥ 0');
    expect(problem({ step: 0 }).message).toBe('Thing: step must be > 0');
    expect(problem({ count: 11 }).message).toBe('Thing: count must be ≤ 10');
    expect(problem({ count: 2.5 }).message).toBe('Thing: count must be a whole number');
    expect(problem({ count: Number.NaN }).message).toBe('Thing: count must be a finite number');
    expect(problem({ rate: '0.5' }).message).toBe('Thing: rate must be a finite number');
    expect(problem({ on: 1 }).message).toBe('Thing: on must be true or false');
    expect(problem({ mode: 'c' }).message).toBe('Thing: mode must be one of a, b');
    expect(problem({ extra: -1 }).key).toBe('extra');
  });

  it('rejects unknown keys, naming the known ones', () => {
    const e = problem({ rates: 0.1 });
    expect(e.path).toBe('rates');
    expect(e.message).toBe('Thing: rates is not a known setting (known: rate, step, count, on, mode, extra)');
    expect(() => resolveParams(fieldSet({}), { x: 1 }, 'Empty')).toThrow('Empty: x is not a known setting (known: none)');
  });

  it('applies the cross-field rule once every field fits, blaming its key', () => {
    expect(problem({ on: true }).message).toBe('Thing: on needs mode b');
    expect(resolveParams(SET, { on: true, mode: 'b' }, 'Thing').on).toBe(true);
    // A field problem comes first: the rule only sees valid values.
    expect(problem({ on: true, count: 0 }).key).toBe('count');
  });

  it('gives the real option types', () => {
    expectTypeOf<Values<typeof SET>>().toEqualTypeOf<{ rate: number; step: number; count: number; on: boolean; mode: 'a' | 'b'; extra?: number }>();
    expectTypeOf<Values<typeof SGD_FIELDS>>().toEqualTypeOf<{ lr: number; momentum: number; dampening: number; nesterov: boolean; weightDecay: number }>();
    expectTypeOf<Values<typeof LAYER_FIELDS.activation>['activation']>().toEqualTypeOf<'linear' | 'relu' | 'leakyRelu' | 'elu' | 'gelu' | 'sigmoid' | 'tanh' | 'softmax'>();
    expectTypeOf(resolveParams(SET, {}, 'Thing')).toEqualTypeOf<Values<typeof SET>>();
  });
});

describe('form checks', () => {
  it('lists every field problem, then the rule once the fields fit', () => {
    expect(fieldSetProblems(SET, { rate: 2, step: 0, count: 3, on: true, mode: 'a' }).map((p) => p.key)).toEqual(['rate', 'step']);
    expect(fieldSetProblems(SET, { rate: 0.2, step: 1, count: 3, on: true, mode: 'a' })).toEqual([{ key: 'on', reason: 'needs mode b' }]);
    expect(fieldSetProblems(SET, fieldDefaults(SET))).toEqual([]);
  });

  it('starts a form from every default, optional fields included', () => {
    expect(fieldDefaults(SET)).toEqual({ rate: 0.5, step: 1, count: 3, on: false, mode: 'a', extra: 2 });
  });

  it('says why a single value does not fit, or null', () => {
    expect(fieldProblem(SET.fields.rate, 0.99)).toBeNull();
    expect(fieldProblem(SET.fields.rate, 1)).toBe('must be < 1');
  });
});
