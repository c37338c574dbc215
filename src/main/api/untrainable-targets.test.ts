import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiMethod, ApiRequest, ApiResponses, DatasetView } from '../../shared/api';
import type { Result } from '../../shared/result';
import { makeTempDir } from '../db/test-kit';
import { forkEngineLauncher } from '../runs/engine-process';
import { createBackend, type Backend } from './backend';

/** Targets a network cannot be trained on are refused where they are chosen and at runs.start, by name. */
let dir: string;
let backend: Backend;
beforeAll(() => {
  dir = makeTempDir();
  backend = createBackend({ dataDir: dir, samplesDir: path.resolve('resources/samples'), launch: forkEngineLauncher(), transport: 'ipc', version: 't' });
});
afterAll(async () => {
  await backend.close();
  rmSync(dir, { recursive: true, force: true });
});

function call<M extends ApiMethod>(method: M, request: ApiRequest<M>): Promise<Result<ApiResponses[M]>> {
  return backend.api.call(method, request) as Promise<Result<ApiResponses[M]>>;
}

async function imported(name: string, lines: string[]): Promise<DatasetView> {
  const file = path.join(dir, `${name}.csv`);
  writeFileSync(file, lines.join('\n'));
  const r = await call('datasets.import', { source: { fileId: backend.files.register(file).fileId }, importId: name });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const rows = (n: number, row: (i: number) => string) => Array.from({ length: n }, (_, i) => row(i));
const elm = { trainer: 'elm', hiddenUnits: 4 };
const bce = { trainer: 'backprop', model: { layers: [{ type: 'dense', units: 4 }] }, optimizer: { id: 'adam' }, loss: { id: 'binaryCrossEntropy' }, epochs: 2 };

async function refusedStart(d: DatasetView, trainer: unknown = elm) {
  const before = (await call('runs.list', {})).ok;
  expect(before).toBe(true);
  const r = await call('runs.start', { datasetId: d.id, modelId: null, seeds: [1], trainer });
  if (r.ok) throw new Error('runs.start accepted it');
  return r.error;
}

describe('untrainable targets', () => {
  it('one class: refused when chosen and at runs.start, naming the column and what to do', async () => {
    const d = await imported('one-class', ['x,kind,label', ...rows(40, (i) => `${i},${i % 3},same`)]);
    const chosen = await call('datasets.update', { id: d.id, target: 'label', task: 'classification' });
    expect(!chosen.ok && chosen.error).toMatchObject({ code: 'INVALID_CONFIG', details: { field: 'target' } });
    expect(!chosen.ok && chosen.error.message).toMatch(/target "label" has only one class \("same"\).*choose another target column/i);
    // The import's own default was this column: runs.start says the same, before anything is queued.
    expect(d.target).toBe('label');
    const e = await refusedStart(d);
    expect(e.code).toBe('INVALID_CONFIG');
    expect(e.message).toMatch(/"label" has only one class/);
    expect(d.notices.map((n) => n.code)).toContain('unusable-target');
  });

  it('all missing: refused, and a trailing delimiter never makes the empty last column the default target', async () => {
    const d = await imported('trailing', ['a,b,label,', ...rows(30, (i) => `${i},${i % 4},${i % 2 ? 'yes' : 'no'},`)]);
    expect(d.target).toBe('label');
    expect(d.columns.map((c) => c.name)).toEqual(['a', 'b', 'label']);
    expect(d.notices.map((n) => n.code)).toContain('trailing-delimiter');
    const d2 = await imported('empty-column', ['a,b,empty,label', ...rows(30, (i) => `${i},${i % 4},,${i % 2 ? 'yes' : 'no'}`)]);
    const chosen = await call('datasets.update', { id: d2.id, target: 'empty', task: 'classification' });
    expect(!chosen.ok && chosen.error.message).toMatch(/target "empty" has no values.*choose another target column/i);
  });

  it('more classes than a network output can tell apart: refused, in plain words', async () => {
    const d = await imported('ids', ['x,code', ...rows(3000, (i) => `${i % 10},k${i % 1500}`)]);
    const chosen = await call('datasets.update', { id: d.id, target: 'code', task: 'classification' });
    expect(!chosen.ok && chosen.error.message).toMatch(/target "code" has 1,500 classes, more than the 1,000 .* choose another target column/i);
    expect(!chosen.ok && chosen.error.message).not.toMatch(/dense|units|layer/);
    const e = await refusedStart(d);
    expect(e.message).toMatch(/"code" has 1,500 classes/);
  });

  it('binary cross-entropy for more than two classes is refused at runs.start, naming the target', async () => {
    const d = await imported('three', ['x,y,label', ...rows(60, (i) => `${i},${i % 5},${['a', 'b', 'c'][i % 3]}`)]);
    const e = await refusedStart(d, bce);
    expect(e).toMatchObject({ code: 'INVALID_CONFIG', details: { field: 'trainer.loss.id' } });
    expect(e.message).toMatch(/binary cross-entropy needs exactly two classes; target "label" has 3.*cross-entropy/i);
    const two = await imported('two', ['x,y,label', ...rows(60, (i) => `${i},${i % 5},${['a', 'b'][i % 2]}`)]);
    const ok = await call('runs.start', { datasetId: two.id, modelId: null, seeds: [1], trainer: bce });
    expect(ok.ok).toBe(true);
    await backend.runs.idle();
  });
});
