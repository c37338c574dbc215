import { describe, expect, it } from 'vitest';
import { prepareSplits } from '../engine/data/prepare';
import { ParamError } from '../engine/catalog/fields';
import { blobsTable } from '../engine/testing/synthetic-table';
import { DATA_OPTIONS } from '../main/runs/run-test-kit';
import { CliError, isUsersToFix } from './cli-error';

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('isUsersToFix', () => {
  it('is true for usage problems and the problems the engine reports as the input’s', () => {
    expect(isUsersToFix(new CliError('--lr fast: expected a number > 0'))).toBe(true);
    const badColumn = thrown(() => prepareSplits(blobsTable(30, 3), { ...DATA_OPTIONS, target: 'colour' }));
    expect((badColumn as Error).message).toMatch(/unknown target column "colour"/);
    expect(isUsersToFix(badColumn)).toBe(true);
    expect(isUsersToFix(new ParamError('lr', 'must be > 0', 'Adam'))).toBe(true);
  });

  it('is false for anything else, whatever its name: those are faults of the program', () => {
    expect(isUsersToFix(new Error('the eigenvalues did not converge'))).toBe(false);
    expect(isUsersToFix(thrown(() => (null as unknown as { x: number }).x))).toBe(false);
    expect(isUsersToFix(new RangeError('Invalid array length'))).toBe(false);
    expect(isUsersToFix('a string')).toBe(false);
  });
});
