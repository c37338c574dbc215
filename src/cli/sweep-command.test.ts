import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const iris = 'resources/samples/iris.csv';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface SweepJson {
  metric: string;
  runs: { point: Record<string, number>; seed: number; status: string; best: { value: number; epoch: number }; val: { accuracy: number } }[];
  best: { point: Record<string, number>; seed: number; best: { value: number } };
}

describe('cli sweep', () => {
  it('trains every grid point with every seed and ends with one JSON line naming the best', () => {
    const r = cli('sweep', '--data', iris, '--trainer', 'elm', '--grid', 'c=0.01,100;hidden-units=10:40:lin:2', '--seeds', '2', '--seed', '3', '--json');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]) as SweepJson;
    expect(out.metric).toBe('val.accuracy');
    expect(out.runs.map((x) => `${x.point.c}/${x.point['hidden-units']}/${x.seed}`).sort()).toEqual(
      ['0.01/10/3', '0.01/10/4', '0.01/40/3', '0.01/40/4', '100/10/3', '100/10/4', '100/40/3', '100/40/4'],
    );
    for (const x of out.runs) {
      expect(x.status).toBe('completed');
      expect(x.best.value).toBe(x.val.accuracy);
    }
    const top = Math.max(...out.runs.map((x) => x.val.accuracy));
    expect(out.best.best.value).toBe(top);
    // Seeds change the random hidden layer: the same point does not give the same model twice everywhere.
    const bySeed = (seed: number) => out.runs.filter((x) => x.seed === seed).map((x) => x.val.accuracy);
    expect(bySeed(3)).toHaveLength(4);
    expect(r.stderr).toMatch(/4 points × 2 seeds = 8 runs/);
  }, 60_000);

  it.each([
    [['--grid', 'speed=1,2'], /"speed" is not a setting a sweep can change/],
    [['--grid', 'lr=1e-4:1e-1:log'], /a range is start:end:log\|lin:count/],
    [['--grid', 'lr=0.1,-1'], /lr=-1: .*must be > 0/],
    [['--grid', 'c=1,10'], /c is a setting of the elm trainer/],
    [['--grid', 'lr=0.1', '--seeds', '0'], /--seeds 0: expected a whole number from 1 to 20/],
    [[], /sweep needs --grid/],
  ])('refuses %j with one line and exit code 2, training nothing', (args, message) => {
    const r = cli('sweep', '--data', iris, ...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  }, 30_000);
});
