import { describe, expect, it } from 'vitest';
import { parity, PARITY_CASES } from './parity';

const iris = PARITY_CASES.find((c) => c.name === 'iris')!;

describe('parity', () => {
  it('times both runs to the worse final validation score, as Compare does, with backprop stopped at the ELM\'s score', async () => {
    const capped = await parity(iris, 1, 5);
    const full = await parity(iris, 1, 1000);
    expect(full.bp.reached).toBe(true);
    expect(full.bp.val).toBeGreaterThanOrEqual(full.elm.val);
    // Backprop went on to the ELM's score, so the worse final score (the target) is the ELM's, reached at its fit.
    expect(full.target).toBe(full.elm.val);
    expect(full.elm.toTargetSec).toBe(full.elm.fitSec);
    expect(full.bp.epochs).toBeGreaterThan(5);
    // Capped after 5 epochs backprop is the worse run: the target is its own final score, which the ELM passed.
    expect(capped.bp).toMatchObject({ reached: false, epochs: 5 });
    expect(capped.target).toBe(capped.bp.val);
    expect(capped.bp.val).toBeLessThan(capped.elm.val);
    expect(full.ratio).toBeCloseTo(full.bp.toTargetSec / full.elm.toTargetSec, 1);
    expect(full.sentence).toMatch(/ELM \(50 units\).*Adam \(1×64 tanh\)|Adam \(1×64 tanh\).*ELM \(50 units\)/);
    expect(full.elm.valLogLoss).toBeGreaterThan(0);
    expect(full.bp.valLogLoss).toBeGreaterThan(0);
  });
});
