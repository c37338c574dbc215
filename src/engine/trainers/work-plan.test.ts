import { describe, expect, it } from 'vitest';
import { WorkPlan } from './work-plan';

describe('WorkPlan', () => {
  it('turns each step’s own fraction into the fraction of the whole job, by the steps’ weights', () => {
    const seen: [number, string][] = [];
    const plan = new WorkPlan([['a', 1], ['b', 3], ['empty', 0]], (f, step) => seen.push([f, step]));
    plan.at('a', 0.5);
    plan.at('a', 1);
    plan.at('b', 0.5);
    plan.at('unknown', 1);
    plan.at('a', 0.2); // never backwards
    plan.at('b', 2);
    expect(seen).toEqual([[0.125, 'a'], [0.25, 'a'], [0.625, 'b'], [1, 'b']]);
  });
});
