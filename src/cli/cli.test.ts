import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'nw-cli-'));
const iris = 'resources/samples/iris.csv';

/** Runs the CLI exactly as `npm run -s cli -- …` does (`nodeFlags` go to node itself). */
function cli(...args: string[]) {
  return cliWith([], ...args);
}

function cliWith(nodeFlags: string[], ...args: string[]) {
  const r = spawnSync(process.execPath, [...nodeFlags, '--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cli', () => {
  it('trains with --json, saves the model and predicts every row', () => {
    const model = join(dir, 'iris-model.json');
    const r = cli('train', '--data', iris, '--trainer', 'elm', '--hidden-units', '50', '--c', '1', '--out', model, '--json');
    expect(r.code).toBe(0);
    const last = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(last).toMatchObject({ trainer: 'elm', task: 'classification', status: 'completed', epochs: 0 });
    expect(last.metrics.test.accuracy).toBeGreaterThan(0.8);
    expect(typeof last.trainMs).toBe('number');

    const p = cli('predict', '--model', model, '--data', iris);
    expect(p.code).toBe(0);
    const parsed = Papa.parse<string[]>(p.stdout.trim());
    expect(parsed.data[0]).toEqual(['prediction', 'p_setosa', 'p_versicolor', 'p_virginica']);
    expect(parsed.data).toHaveLength(151);
    // Rows predicted as the true species of the file: a trained model gets most of iris right.
    const truth = Papa.parse<string[]>(readFileSync(iris, 'utf8').trim()).data.slice(1).map((row) => row.at(-1));
    const right = parsed.data.slice(1).filter((row, i) => row[0] === truth[i]).length;
    expect(right / 150).toBeGreaterThan(0.85);
  });

  it('writes predictions whose formula-like labels cannot run in a spreadsheet', () => {
    const file = join(dir, 'formula-labels.csv');
    const labels = ['=HYPERLINK("http://evil.example","open")', '@SUM(A1)'];
    writeFileSync(file, ['x,label', ...Array.from({ length: 60 }, (_, i) => `${i % 2 + (i % 7) / 10},"${labels[i % 2].replaceAll('"', '""')}"`)].join('\n'));
    const model = join(dir, 'formula-model.json');
    expect(cli('train', '--data', file, '--trainer', 'elm', '--hidden-units', '10', '--out', model, '--json').code).toBe(0);
    const p = cli('predict', '--model', model, '--data', file);
    expect(p.code).toBe(0);
    const rows = Papa.parse<string[]>(p.stdout.trim()).data;
    // The header's class names follow "p_", so they cannot start a formula; the predicted labels could.
    expect(rows[0]).toEqual(['prediction', ...labels.map((l) => `p_${l}`)]);
    for (const row of rows.slice(1)) expect(labels.map((l) => `'${l}`)).toContain(row[0]);
  });

  it('prints one line per epoch and regression metrics', () => {
    const r = cli('train', '--data', 'resources/samples/diabetes_regression.csv', '--epochs', '3', '--layers', '8', '--json');
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('epoch'))).toHaveLength(3);
    const last = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(last).toMatchObject({ trainer: 'backprop', task: 'regression', epochs: 3 });
    expect(last.metrics.test).toHaveProperty('rmse');
    expect(last.metrics.test).toHaveProperty('r2');
  });

  it.each([
    [['train'], /--data FILE is required/],
    [['train', '--data', join(dir, 'nope.csv')], /no such file/],
    [['train', '--data', iris, '--target', 'colour'], /colour/],
    [['train', '--data', iris, '--lr', 'fast'], /--lr fast/],
    [['train', '--data', iris, '--trainer', 'svm'], /--trainer svm: expected one of backprop, elm/],
    [['train', '--data', iris, '--optimizer', 'adamx'], /unknown optimizer "adamx"/],
    [['train', '--data', iris, '--split', '0.5,0.5'], /three ratios/],
    [['train', '--data', iris, '--bogus', '1'], /bogus/],
    [['predict', '--model', iris, '--data', iris], /cannot read model|not a Neural Workbench model/],
    [['fly'], /unknown command "fly"/],
  ])('rejects %j with one clear line and exit code 2', (args, message) => {
    const r = cli(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')[0]).toMatch(/^error: /);
  });

  it('reports a damaged model file as the file’s problem (exit code 2), without a stack', () => {
    const model = join(dir, 'damaged-model.json');
    expect(cli('train', '--data', iris, '--trainer', 'elm', '--hidden-units', '10', '--out', model).code).toBe(0);
    const json = JSON.parse(readFileSync(model, 'utf8'));
    json.predictor.elm.beta.base64 = 'not base64!!';
    writeFileSync(model, JSON.stringify(json));
    const r = cli('predict', '--model', model, '--data', iris);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: the model file is damaged: invalid base64 character/)]);
  });

  it('says once on stderr why it trains on the reference kernels, and still trains', () => {
    const r = cliWith(['--no-expose-wasm'], 'train', '--data', iris, '--trainer', 'elm', '--hidden-units', '20', '--json');
    expect(r.code).toBe(0);
    expect(r.stderr.match(/the engine runs on the js kernels because this host has no WebAssembly/g)).toHaveLength(1);
    expect(JSON.parse(r.stdout.trim().split('\n').at(-1)!)).toMatchObject({ status: 'completed' });
    expect(cli('train', '--data', iris, '--trainer', 'elm', '--hidden-units', '20', '--json').stderr).not.toMatch(/kernels because/);
  });

  it('refuses binary cross-entropy for a target with more than two classes, naming it', () => {
    const r = cli('train', '--data', iris, '--loss', 'binaryCrossEntropy', '--epochs', '1');
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('error: --loss binaryCrossEntropy: binary cross-entropy needs exactly two classes; target "species" has 3. Use cross-entropy instead');
  });

  it('refuses a target its task cannot use with the message the dataset page gives', () => {
    const oneClass = join(dir, 'one-class.csv');
    writeFileSync(oneClass, 'x,y\n1,same\n2,same\n3,same\n');
    const r = cli('train', '--data', oneClass);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`error: ${oneClass}: target "y" has only one class ("same"), so there is nothing to tell apart; choose another target column`);
  });

  it('explains a broken CSV with its line', () => {
    const broken = join(dir, 'ragged.csv');
    writeFileSync(broken, 'a,b,c\n1,2,3\n4,5\n6,7,8\n');
    const r = cli('train', '--data', broken);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 3/);
  });
});
