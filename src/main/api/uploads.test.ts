import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiMethod, ApiRequest, ApiResponses } from '../../shared/api';
import type { Result } from '../../shared/result';
import { makeTempDir } from '../db/test-kit';
import { forkEngineLauncher } from '../runs/engine-process';
import { createBackend, type Backend } from './backend';

/** Uploads live in <data dir>/uploads only until they are used: real files, a real backend. */
let dir: string;
let backend: Backend;
const uploads = () => path.join(dir, 'uploads');
const start = () => createBackend({ dataDir: dir, samplesDir: path.resolve('resources/samples'), launch: forkEngineLauncher(), transport: 'http', version: 't' });

beforeEach(() => {
  dir = makeTempDir();
});
afterEach(async () => {
  await backend?.close();
  rmSync(dir, { recursive: true, force: true });
});

function call<M extends ApiMethod>(method: M, request: ApiRequest<M>): Promise<Result<ApiResponses[M]>> {
  return backend.api.call(method, request) as Promise<Result<ApiResponses[M]>>;
}

/** A file as the browser host's upload handler leaves it: in the upload folder, registered as an upload. */
function upload(name: string, content: string): { fileId: string; file: string } {
  mkdirSync(uploads(), { recursive: true });
  const file = path.join(uploads(), `${name}-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(file, content);
  return { fileId: backend.files.register(file, `${name}.csv`, true).fileId, file };
}

const table = (rows: number) => ['x,y,label', ...Array.from({ length: rows }, (_, i) => `${i % 9},${(i * 7) % 5},${i % 2 ? 'a' : 'b'}`)].join('\n');

describe('uploads', () => {
  it('are deleted when their import succeeds, fails or is cancelled', async () => {
    backend = start();
    const good = upload('good', table(50));
    expect((await call('datasets.import', { source: { fileId: good.fileId }, importId: 'good' })).ok).toBe(true);
    expect(existsSync(good.file)).toBe(false);

    const bad = upload('ragged', 'a,b,c\n1,2\n3,4\n5,6\n7,8\n9,0\n');
    const failed = await call('datasets.import', { source: { fileId: bad.fileId }, importId: 'bad' });
    expect(!failed.ok && failed.error.code).toBe('INVALID_CSV');
    expect(existsSync(bad.file)).toBe(false);

    const big = upload('big', table(400_000));
    const off = backend.api.on('import.progress', ({ importId }) => {
      if (importId === 'cancel') void backend.api.call('datasets.cancelImport', { importId });
    });
    const cancelled = await call('datasets.import', { source: { fileId: big.fileId }, importId: 'cancel' });
    off();
    expect(!cancelled.ok && cancelled.error.code).toBe('CANCELLED');
    expect(existsSync(big.file)).toBe(false);
    // A used id is gone with its file.
    const again = await call('datasets.import', { source: { fileId: good.fileId }, importId: 'again' });
    expect(!again.ok && again.error.code).toBe('NOT_FOUND');
    expect(readdirSync(uploads())).toEqual([]);
  });

  it('is deleted when a prediction file has been read', async () => {
    backend = start();
    const data = upload('train', table(60));
    const imported = await call('datasets.import', { source: { fileId: data.fileId }, importId: 'train' });
    if (!imported.ok) throw new Error(imported.error.message);
    const started = await call('runs.start', {
      datasetId: imported.value.id, modelId: null, seeds: [1], trainer: { trainer: 'elm', hiddenUnits: 8 },
    });
    if (!started.ok) throw new Error(started.error.message);
    await backend.runs.idle();
    const input = upload('predict', table(5));
    const predicted = await call('runs.predictFile', { id: started.value[0].id, file: { fileId: input.fileId } });
    expect(predicted.ok && predicted.value.rows.length).toBe(5);
    expect(existsSync(input.file)).toBe(false);
    expect(readdirSync(uploads())).toEqual([]);
  });

  it('left by an earlier session are removed at start-up', async () => {
    mkdirSync(uploads(), { recursive: true });
    for (let i = 0; i < 5; i++) writeFileSync(path.join(uploads(), `${i}.csv`), table(10));
    backend = start();
    expect(readdirSync(uploads())).toEqual([]);
  });
});
