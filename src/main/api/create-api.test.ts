import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequests, type ApiMethod, type ApiRequest } from '../../shared/api';
import { makeTempDir } from '../db/test-kit';
import { forkEngineLauncher } from '../runs/engine-process';
import { createBackend, type Backend } from './backend';

let dir: string;
let backend: Backend;

beforeAll(() => {
  dir = makeTempDir();
  backend = createBackend({ dataDir: dir, samplesDir: path.resolve('resources/samples'), launch: forkEngineLauncher(), transport: 'http', version: 'test' });
});
afterAll(async () => {
  await backend.close();
  rmSync(dir, { recursive: true, force: true });
});

/** One well-formed request per method (ids that do not exist are fine: they are well-formed). */
const VALID: { [M in ApiMethod]: ApiRequest<M> } = {
  'app.info': {},
  'files.openCsvDialog': {},
  'datasets.list': {},
  'datasets.samples': {},
  'datasets.get': { id: 999 },
  'datasets.rows': { id: 999, offset: 0, limit: 10 },
  'datasets.import': { source: { sampleId: 'no-such-sample' }, importId: 'i1', name: 'n', skipBadRows: false },
  'datasets.cancelImport': { importId: 'i1' },
  'datasets.update': { id: 999, name: 'n', target: 't', task: 'regression', columns: [{ name: 'a', role: 'feature' }] },
  'datasets.delete': { id: 999, force: false },
  'models.list': {},
  'models.get': { id: 999 },
  'models.create': { name: 'm', spec: { layers: [] } },
  'models.update': { id: 999, name: 'm', spec: { layers: [] } },
  'models.delete': { id: 999 },
  'runs.list': { status: ['queued'], search: 's', datasetId: 999 },
  'runs.get': { id: 999 },
  'runs.metrics': { ids: [999], keys: ['train.loss'] },
  'runs.start': { datasetId: 999, modelId: 999, trainer: { trainer: 'elm' }, seeds: [0], name: 'r' },
  'runs.cancel': { id: 999 },
  'runs.clone': { id: 999, seed: 1 },
  'runs.rename': { id: 999, name: 'r' },
  'runs.annotate': { id: 999, tags: ['t'] },
  'runs.delete': { id: 999 },
  'runs.predictFile': { id: 999, file: { fileId: 'f' } },
  'runs.predictRow': { id: 999, values: { a: '1' } },
  'runs.exportModel': { id: 999 },
  'runs.classReport': { id: 999, split: 'test' },
  'runs.curves': { id: 999, split: 'val' },
  'runs.residuals': { id: 999, split: 'test' },
  'runs.decisionBoundary': { id: 999, split: 'val', axes: { kind: 'features', x: 'a', y: 'b' }, size: 20 },
  'runs.exportOnnx': { id: 999 },
  'runs.exportBundle': { id: 999 },
  'runs.importExternal': { files: { config: '{}', result: '{}', metrics: '', model: null } },
  'studies.create': {
    datasetId: 999, modelId: null, trainer: { trainer: 'elm' }, axes: [{ setting: 'c', values: [1, 10] }],
    sample: { kind: 'random', count: 3, seed: 1 }, seeds: [0], name: 's',
  },
  'studies.list': { datasetId: 999 },
  'studies.get': { id: 999 },
  'studies.cancel': { id: 999 },
  'tune.learningRate': { jobId: 'j1', datasetId: 999, modelId: null, trainer: { trainer: 'backprop' }, seed: 0 },
  'tune.elm': { jobId: 'j2', datasetId: 999, trainer: { trainer: 'elm' }, seed: 0 },
  'tune.cancel': { jobId: 'j1' },
  'settings.get': {},
  'settings.update': { concurrency: 2 },
};

const HUGE = 'x'.repeat(300_000);
const BAD_VALUES: unknown[] = [null, 'text', -1, 1.5, true, {}, [], [[null]], { deep: { er: { still: [1, { x: null }] } } }, HUGE];
const GARBAGE_PAYLOADS: unknown[] = [null, undefined, 0, -1, 'payload', HUGE, true, [], [{}], [VALID['runs.get']]];
/** Fields whose schema accepts anything (the handler validates them against the engine's registries). */
const FREE_FORM = new Set(['spec', 'trainer']);
/** Fields whose schema has no length limit: a huge value is well-formed (and then unknown). */
const UNBOUNDED_STRINGS = new Set(['target']);

function kind(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/** Whether the mutated value is malformed for the field, judged from the valid value alone. */
function clearlyMalformed(key: string, valid: unknown, bad: unknown): boolean {
  if (FREE_FORM.has(key)) return false;
  if (key === 'modelId' && bad === null) return false; // nullable
  if (kind(valid) !== kind(bad)) return true;
  if (typeof valid === 'number') return bad === -1 || bad === 1.5;
  if (typeof valid === 'string') return bad === HUGE && !UNBOUNDED_STRINGS.has(key);
  if (Array.isArray(valid)) return (bad as unknown[]).length > 0 && kind((bad as unknown[])[0]) !== kind(valid[0]);
  return false;
}

async function call(method: string, payload: unknown) {
  const r = await backend.api.call(method, payload);
  return r.ok ? 'OK' : r.error;
}

describe('createApi validation', () => {
  it('has a valid example for every method (the contract and this test agree)', () => {
    expect(Object.keys(VALID).sort()).toEqual(Object.keys(apiRequests).sort());
    for (const [m, payload] of Object.entries(VALID)) expect(apiRequests[m as ApiMethod].safeParse(payload).success, m).toBe(true);
  });

  it('answers unknown methods with BAD_REQUEST', async () => {
    for (const method of ['nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'datasets.list.x', '', HUGE]) {
      expect(await call(method, {})).toMatchObject({ code: 'BAD_REQUEST' });
    }
    expect(await call(undefined as unknown as string, {})).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('answers payloads that are not objects with BAD_REQUEST, for every method', async () => {
    for (const method of Object.keys(VALID)) {
      for (const payload of GARBAGE_PAYLOADS) {
        const r = await call(method, payload);
        expect(r, `${method} ${kind(payload)}`).toMatchObject({ code: 'BAD_REQUEST' });
      }
    }
  });

  it('answers each malformed field with BAD_REQUEST naming it, and never fails internally', async () => {
    let malformed = 0;
    for (const [method, valid] of Object.entries(VALID) as [ApiMethod, Record<string, unknown>][]) {
      for (const key of Object.keys(valid)) {
        for (const bad of BAD_VALUES) {
          if (method === 'datasets.import' && !clearlyMalformed(key, valid[key], bad)) continue; // would really import
          const r = await call(method, { ...valid, [key]: bad });
          const label = `${method} ${key}=${kind(bad)}`;
          if (clearlyMalformed(key, valid[key], bad)) {
            malformed++;
            expect(r, label).toMatchObject({ code: 'BAD_REQUEST' });
            expect((r as { message: string }).message, label).toContain(key);
            expect((r as { message: string }).message.length, label).toBeLessThan(1000);
          } else {
            expect(r === 'OK' || r.code !== 'INTERNAL', `${label}: ${JSON.stringify(r).slice(0, 300)}`).toBe(true);
          }
        }
      }
    }
    expect(malformed).toBeGreaterThan(200);
  });

  it('answers well-formed requests for missing things with NOT_FOUND and keeps working', async () => {
    for (const method of ['datasets.get', 'datasets.rows', 'models.get', 'runs.get', 'runs.exportModel', 'runs.exportOnnx', 'runs.exportBundle', 'runs.clone'] as const) {
      expect(await call(method, VALID[method]), method).toMatchObject({ code: 'NOT_FOUND' });
    }
    expect(await call('files.openCsvDialog', {})).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await backend.api.call('datasets.list', {})).toEqual({ ok: true, value: [] });
    expect(await backend.api.call('settings.update', { concurrency: 2, extra: { nested: [1] } })).toMatchObject({ ok: true, value: { concurrency: 2 } });
  });
});
