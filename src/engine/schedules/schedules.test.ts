import { describe, expect, it } from 'vitest';
import { resolveChoice } from '../catalog/choice';
import { fieldDefaults, resolveParams } from '../catalog/fields';
import { SCHEDULES, type ScheduleId } from '../catalog/schedules';
import { createSchedule } from './create-schedule';
import type { LrHolder, ScheduleContext } from './lr-scheduler';

/** A schedule from raw settings, through the catalog's resolver as the API and CLI do. */
const build = (id: string, values: Record<string, unknown>, opt: LrHolder, context: ScheduleContext) =>
  createSchedule(resolveChoice(SCHEDULES, { id, params: values }, 'schedule'), opt, context);
const resolve = (id: ScheduleId, values: Record<string, unknown>) => resolveParams(SCHEDULES[id].fields, values, SCHEDULES[id].label);

/** lr used in each epoch 1..epochs: the lr before the first step, then after each step. */
function lrSequence(id: string, values: Record<string, number>, baseLr: number, losses: number[], epochs = losses.length): number[] {
  const opt: LrHolder = { lr: baseLr };
  const scheduler = build(id, values, opt, { epochs });
  const seen: number[] = [];
  for (const loss of losses) {
    seen.push(opt.lr);
    scheduler.step(loss);
  }
  return seen;
}

const flat = (n: number, loss = 1): number[] => new Array(n).fill(loss);

function expectClose(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i])).toBeLessThanOrEqual(1e-12 * Math.max(Math.abs(expected[i]), 1e-3)));
}

/**
 * PyTorch's recursive ("chainable") get_lr rules, an independent route to the same lrs as our closed
 * forms: epoch e's lr from epoch e−1's.
 */
function chainable(epochs: number, base: number, next: (lr: number, e: number) => number): number[] {
  const out = [base];
  for (let e = 1; e < epochs; e++) out.push(next(out[e - 1], e));
  return out;
}

describe('epoch schedules follow PyTorch', () => {
  it('constant keeps the lr whatever the loss does', () => {
    expect(lrSequence('constant', {}, 0.3, [5, 4, 9, 9, 9, 9])).toEqual(flat(6, 0.3));
  });

  it('step (StepLR) multiplies by gamma every stepSize epochs', () => {
    const expected = chainable(11, 0.2, (lr, e) => (e % 3 === 0 ? lr * 0.5 : lr));
    expectClose(lrSequence('step', { stepSize: 3, gamma: 0.5 }, 0.2, flat(11)), expected);
    expectClose(expected.slice(0, 7), [0.2, 0.2, 0.2, 0.1, 0.1, 0.1, 0.05]);
    // Default gamma 0.1.
    expectClose(lrSequence('step', { stepSize: 2 }, 1, flat(5)), [1, 1, 0.1, 0.1, 0.01]);
  });

  it('exponential (ExponentialLR) multiplies by gamma every epoch', () => {
    expectClose(lrSequence('exponential', { gamma: 0.9 }, 0.5, flat(15)), chainable(15, 0.5, (lr) => lr * 0.9));
  });

  it('cosine (CosineAnnealingLR) matches the recursive form, also past tMax', () => {
    const base = 0.1, etaMin = 0.001, tMax = 6;
    const expected = chainable(16, base, (lr, e) =>
      (e - 1 - tMax) % (2 * tMax) === 0
        ? lr + ((base - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2
        : ((1 + Math.cos((Math.PI * e) / tMax)) / (1 + Math.cos((Math.PI * (e - 1)) / tMax))) * (lr - etaMin) + etaMin,
    );
    expectClose(lrSequence('cosine', { tMax, etaMin }, base, flat(16)), expected);
  });

  it('cosine defaults to the whole run: half way at the middle, etaMin at the end', () => {
    const opt: LrHolder = { lr: 0.4 };
    const scheduler = build('cosine', {}, opt, { epochs: 10 });
    const lrs: number[] = [];
    for (let e = 0; e < 10; e++) {
      scheduler.step(1);
      lrs.push(opt.lr);
    }
    expect(lrs[4]).toBeCloseTo(0.2, 14);
    expect(lrs[9]).toBeCloseTo(0, 14);
    for (let e = 1; e < 10; e++) expect(lrs[e]).toBeLessThan(lrs[e - 1]);
    expect(() => build('cosine', {}, { lr: 1 }, { epochs: 0 })).toThrow(/tMax needs at least one epoch/);
  });
});

describe('reduceOnPlateau follows ReduceLROnPlateau (mode min, relative threshold)', () => {
  it('reduces once the loss failed to improve for more than patience epochs, then counts again', () => {
    expect(lrSequence('reduceOnPlateau', { patience: 2, factor: 0.5 }, 1, flat(8))).toEqual([1, 1, 1, 1, 0.5, 0.5, 0.5, 0.25]);
  });

  it('an improvement resets the count', () => {
    // Epoch 3 improves, so the bad run restarts: bad epochs are 4, 5, 6 and the cut lands after epoch 6.
    expect(lrSequence('reduceOnPlateau', { patience: 2, factor: 0.5 }, 1, [1, 1, 0.5, 0.5, 0.5, 0.5, 0.5])).toEqual([1, 1, 1, 1, 1, 1, 0.5]);
  });

  it('counts only relative improvements beyond the threshold', () => {
    // threshold 0.1: after best 1, 0.95 is not better than 1·0.9 but 0.85 is; then 0.8 is not better than 0.765.
    const lrs = lrSequence('reduceOnPlateau', { patience: 0, threshold: 0.1 }, 1, [1, 0.95, 0.85, 0.8, 0.7]);
    expectClose(lrs, [1, 1, 0.1, 0.1, 0.01]);
    // Relative, not absolute: from best 10, 9.5 is not better than 10·0.9 (it would be better than 10 − 0.1).
    expectClose(lrSequence('reduceOnPlateau', { patience: 0, threshold: 0.1 }, 1, [10, 9.5, 8.5]), [1, 1, 0.1]);
    // With the default threshold 1e-4, a drop of 0.005% does not count but 0.02% does.
    expectClose(lrSequence('reduceOnPlateau', { patience: 0 }, 1, [1, 0.99995, 0.9997, 0.9997]), [1, 1, 0.1, 0.1]);
  });

  it('waits cooldown epochs after a reduction before counting bad epochs', () => {
    expect(lrSequence('reduceOnPlateau', { patience: 1, cooldown: 2, factor: 0.5 }, 1, flat(9))).toEqual([1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25]);
  });

  it('never goes below minLr and ignores reductions smaller than 1e-8', () => {
    expectClose(lrSequence('reduceOnPlateau', { patience: 0, minLr: 0.05 }, 1, flat(5)), [1, 1, 0.1, 0.05, 0.05]);
    expect(lrSequence('reduceOnPlateau', { patience: 0 }, 1e-8, flat(4))).toEqual(flat(4, 1e-8));
  });

  it('treats a non-finite loss as no improvement', () => {
    expect(lrSequence('reduceOnPlateau', { patience: 1 }, 1, [1, NaN, NaN, 1])).toEqual([1, 1, 1, 0.1]);
  });
});

describe('the schedule catalog', () => {
  it.each(Object.entries(SCHEDULES))('%s: help and fields', (id, entry) => {
    expect(entry.help.length).toBeGreaterThan(10);
    for (const f of Object.values(entry.fields.fields)) expect(f.help.length).toBeGreaterThan(10);
    expect(() => build(id, {}, { lr: 0.1 }, { epochs: 5 })).not.toThrow();
  });

  it('has the PyTorch defaults', () => {
    const defaults = (id: ScheduleId): Record<string, unknown> => fieldDefaults(SCHEDULES[id].fields);
    expect(defaults('step')).toMatchObject({ gamma: 0.1 });
    expect(defaults('cosine')).toEqual({ tMax: 0, etaMin: 0 });
    expect(defaults('reduceOnPlateau')).toEqual({ factor: 0.1, patience: 10, threshold: 1e-4, cooldown: 0, minLr: 0 });
  });

  it('rejects invalid settings with a clear message', () => {
    expect(() => resolve('step', { stepSize: 0 })).toThrow('Step decay: stepSize must be ≥ 1');
    expect(() => resolve('exponential', { gamma: 0 })).toThrow('Exponential decay: gamma must be > 0');
    expect(() => resolve('reduceOnPlateau', { factor: 1 })).toThrow(/factor must be ≤/);
    expect(() => resolve('reduceOnPlateau', { patience: 1.5 })).toThrow(/patience must be a whole number/);
    expect(() => resolve('cosine', { period: 3 })).toThrow(/period is not a known setting/);
  });
});
