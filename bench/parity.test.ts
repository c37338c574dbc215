import { describe, expect, it } from 'vitest';
import { parity, PARITY_CASES } from './parity';

const iris = PARITY_CASES.find((c) => c.name === 'iris')!;

describe('parity', () => {
  it('stops backprop at the first epoch whose validation accuracy is within 0.5 points of the ELM', async () => {
    const capped = await parity(iris, 1, 5);
    const full = await parity(iris, 1, 1000);
    expect(full.bp.reached).toBe(true);
    expect(full.bp.val).toBeGreaterThanOrEqual(full.elm.val - 0.005);
    // The same seeded run capped earlier has not got there yet.
    expect(full.bp.epochs).toBeGreaterThan(5);
    expect(capped.bp).toMatchObject({ reached: false, epochs: 5 });
    expect(capped.bp.val).toBeLessThan(full.elm.val - 0.005);
    expect(full.ratio).toBeCloseTo(full.bp.sec / full.elm.fitSec, 10);
  });
});
