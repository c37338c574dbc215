import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const iris = 'resources/samples/iris.csv';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!);

describe('cli lr-find and tune', () => {
  it('lr-find --json ends with the suggestion and the curve it came from', () => {
    const r = cli('lr-find', '--data', iris, '--json');
    expect(r.code).toBe(0);
    const last = lastJson(r.stdout);
    expect(last.status).toBe('completed');
    expect(last.suggestion).toBeGreaterThan(1e-7);
    expect(last.suggestion).toBeLessThan(10);
    const lrs: number[] = last.points.map((p: { lr: number }) => p.lr);
    expect(lrs[0]).toBeCloseTo(1e-7, 12);
    expect(lrs).toContain(last.suggestion);
    expect(r.stderr).toMatch(/suggested learning rate/);
  });

  it('tune --json ends with the chosen hidden units and C and the LOO/GCV curve', () => {
    const r = cli('tune', '--data', iris, '--trainer', 'elm', '--hidden-units', '40', '--json');
    expect(r.code).toBe(0);
    const last = lastJson(r.stdout);
    type Point = { hiddenUnits: number; c: number; loo: number };
    const sizes = new Set((last.points as Point[]).map((p) => p.hiddenUnits));
    // 10 values of C for each size; sizes up to 40 on a log scale from 1 (rounding merges two of them).
    expect(new Set((last.points as Point[]).map((p) => p.c)).size).toBe(10);
    expect(last.points).toHaveLength(10 * sizes.size);
    expect(sizes.size).toBeGreaterThanOrEqual(8);
    const best = (last.points as Point[]).reduce((a, b) => (b.loo < a.loo ? b : a));
    expect([last.hiddenUnits, last.c]).toEqual([best.hiddenUnits, best.c]);
    expect(Math.max(...(last.points as Point[]).map((p) => p.hiddenUnits))).toBe(40);
    expect(last.metrics.test.accuracy).toBeGreaterThan(0.8);
    expect(last.curveMs).toBeGreaterThan(0);
  });

  it.each([
    [['tune', '--data', iris, '--trainer', 'backprop'], /give --trainer elm/],
    [['tune', '--data', iris, '--trainer', 'elm', '--solver', 'pinv'], /--solver pinv: tune needs the ridge solver/],
    [['lr-find', '--data', iris, '--trainer', 'elm'], /lr-find is for backpropagation/],
    [['lr-find', '--data', 'no-such-file.csv'], /no-such-file\.csv/],
  ])('bad input: one clear line and exit code 2 (%j)', (args, message) => {
    const r = cli(...args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});
