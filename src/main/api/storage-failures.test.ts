import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiMethod, ApiRequest, ApiResponses } from '../../shared/api';
import type { Result } from '../../shared/result';
import { countRows, damageDeepPage, fillDisk, integrityCheck, makeTempDir, mountTmpfs, type Tmpfs } from '../db/test-kit';
import { StoreError } from '../db/store-error';
import { openSession } from '../http/host-test-kit';
import { startHttpHost } from '../http/http-host';
import { forkEngineLauncher } from '../runs/engine-process';
import { createBackend, type Backend } from './backend';

/**
 * A full disk, a read-only data folder and paths of the wrong kind, on real files: a small tmpfs for the disk
 * cases (skipped, with the reason printed, where mounting is not allowed).
 */
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

const start = (dataDir: string): Backend => {
  const backend = createBackend({ dataDir, samplesDir: path.resolve('resources/samples'), launch: forkEngineLauncher(), transport: 'http', version: 't' });
  cleanups.push(() => backend.close());
  return backend;
};

function startError(dataDir: string): StoreError {
  try {
    start(dataDir);
  } catch (e) {
    return e as StoreError;
  }
  throw new Error('the backend started');
}

function tmpfs(bytes: number, skip: () => void): Extract<Tmpfs, { dir: string }> | null {
  const t = mountTmpfs(bytes);
  if ('skipped' in t) {
    console.warn(`skipped: ${t.skipped}`);
    skip();
    return null;
  }
  cleanups.push(() => t.unmount());
  return t;
}

function call<M extends ApiMethod>(backend: Backend, method: M, request: ApiRequest<M>): Promise<Result<ApiResponses[M]>> {
  return backend.api.call(method, request) as Promise<Result<ApiResponses[M]>>;
}

const csv = (rows: number) => ['x,y,label', ...Array.from({ length: rows }, (_, i) => `${i % 97},${(i * 7) % 13},${i % 2 ? 'a' : 'b'}`)].join('\n');

describe('paths of the wrong kind', () => {
  it('a folder where the database file belongs: BAD_PATH naming it', () => {
    const dir = makeTempDir();
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(path.join(dir, 'workbench.sqlite'));
    const e = startError(dir);
    expect(e.code).toBe('BAD_PATH');
    expect(e.message).toContain(`${path.join(dir, 'workbench.sqlite')} is a folder`);
    expect(e.message).not.toMatch(/EISDIR/);
  });

  it('a file where the data folder belongs: BAD_PATH naming it', () => {
    const dir = makeTempDir();
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, 'data'), 'not a folder');
    const e = startError(path.join(dir, 'data', 'inner'));
    expect(e.code).toBe('BAD_PATH');
    expect(e.message).toContain(path.join(dir, 'data', 'inner'));
    expect(e.message).not.toMatch(/ENOTDIR|EEXIST/);
  });
});

describe('a read-only data folder', () => {
  it('refuses to start with NOT_WRITABLE naming the folder, for a new and for an existing store', async ({ skip }) => {
    const disk = tmpfs(4 * 1024 ** 2, skip)!;
    const existing = path.join(disk.dir, 'existing');
    await start(existing).close();
    const fresh = path.join(disk.dir, 'fresh');
    disk.remountReadOnly();
    for (const dir of [existing, fresh]) {
      const e = startError(dir);
      expect(e.code, dir).toBe('NOT_WRITABLE');
      expect(e.message).toContain(dir);
      expect(e.message).toMatch(/read-only/);
      expect(e.message).not.toMatch(/unable to open database file/);
    }
  });
});

describe('a full disk', () => {
  it('answers an upload with 507 DISK_FULL naming the upload folder, and keeps working', async ({ skip }) => {
    const disk = tmpfs(2 * 1024 ** 2, skip)!;
    const backend = start(disk.dir);
    const host = await startHttpHost({ api: backend.api, files: backend.files, port: 0, staticDir: disk.dir });
    cleanups.push(() => host.close());
    const headers = { Authorization: `Bearer ${await openSession(host.url)}` };
    const r = await fetch(`http://127.0.0.1:${host.port}/upload?name=big.csv`, { method: 'POST', headers, body: csv(400_000) });
    expect(r.status).toBe(507);
    const body = (await r.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('DISK_FULL');
    expect(body.error.message).toContain(path.join(disk.dir, 'uploads'));
    expect(body.error.message).not.toMatch(/ENOSPC|unexpected/);
    const after = await fetch(`http://127.0.0.1:${host.port}/api/app.info`, { method: 'POST', headers, body: '{}' });
    expect(((await after.json()) as { ok: boolean }).ok).toBe(true);
  });

  it('refuses an import whose table does not fit with DISK_FULL, storing nothing of it', async ({ skip }) => {
    const disk = tmpfs(3 * 1024 ** 2, skip)!;
    const backend = start(path.join(disk.dir, 'data'));
    const source = makeTempDir();
    cleanups.push(() => rmSync(source, { recursive: true, force: true }));
    writeFileSync(path.join(source, 'big.csv'), csv(300_000));
    const { fileId } = backend.files.register(path.join(source, 'big.csv'));
    const r = await call(backend, 'datasets.import', { source: { fileId }, importId: 'big' });
    expect(!r.ok && r.error.code).toBe('DISK_FULL');
    expect(!r.ok && r.error.message).toContain(backend.store.file);
    expect((await call(backend, 'datasets.list', {})).ok && countRows(backend.store.file, 'datasets')).toBe(0);
    expect(integrityCheck(backend.store.file)).toBe('ok');
  });

  it('starts all seeds of runs.start or none: never a run training while the call says it failed', async ({ skip }) => {
    const disk = tmpfs(4 * 1024 ** 2, skip)!;
    const backend = start(path.join(disk.dir, 'data'));
    const imported = await call(backend, 'datasets.import', { source: { sampleId: 'iris' }, importId: 'iris' });
    if (!imported.ok) throw new Error(imported.error.message);
    const request = { datasetId: imported.value.id, modelId: null, seeds: [1, 2, 3, 4], trainer: { trainer: 'elm' as const, hiddenUnits: 4 } };
    await backend.runs.idle();
    let failures = 0;
    // Ever less free space: at some point the runs no longer fit; whatever fits, a call is all or nothing.
    for (const leave of [96, 48, 24, 12, 4, 0].map((k) => k * 1024)) {
      rmSync(path.join(disk.dir, 'filler'), { force: true });
      fillDisk(disk.dir, leave);
      const before = countRows(backend.store.file, 'runs');
      const r = await call(backend, 'runs.start', request);
      const added = countRows(backend.store.file, 'runs') - before;
      if (r.ok) {
        expect(added).toBe(request.seeds.length);
      } else {
        failures++;
        expect(r.error.code).toBe('DISK_FULL');
        expect(added, `free ${leave} bytes: ${r.error.message}`).toBe(0);
        expect((await call(backend, 'runs.list', { status: ['queued', 'running'] })).ok).toBe(true);
      }
      rmSync(path.join(disk.dir, 'filler'), { force: true });
      await backend.runs.idle();
    }
    expect(failures).toBeGreaterThan(0);
  });
});

describe('a damaged data file', () => {
  it('starts read-only: runs are left as they are, app.info and every write say how to recover', async () => {
    const dir = makeTempDir();
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const first = start(dir);
    for (const id of ['iris', 'wine', 'digits']) {
      const r = await call(first, 'datasets.import', { source: { sampleId: id }, importId: id });
      if (!r.ok) throw new Error(r.error.message);
    }
    await first.close();
    damageDeepPage(path.join(dir, 'workbench.sqlite'));

    const backend = start(dir);
    expect(backend.recovered).toBe(0);
    const info = await call(backend, 'app.info', {});
    expect(info.ok && info.value.dataDamage).toMatch(/is damaged .*only reads it.*A copy of it .* was kept at .*To recover/s);
    const list = await call(backend, 'datasets.list', {});
    expect(list.ok && list.value.length).toBe(3);
    const ids = list.ok ? list.value.map((d) => d.id) : [];
    const started = await call(backend, 'runs.start', { datasetId: ids[0], modelId: null, seeds: [1], trainer: { trainer: 'elm', hiddenUnits: 4 } });
    expect(!started.ok && started.error.code).toBe('DB_CORRUPT');
    expect(!started.ok && started.error.message).toBe(info.ok && info.value.dataDamage);
    expect(countRows(path.join(dir, 'workbench.sqlite'), 'runs')).toBe(0);
  });
});
