import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import Database from 'better-sqlite3';
import { makeTempDir } from '../db/test-kit';
import { openSession } from './host-test-kit';

/** The real host as `npm run serve` starts it (minus the web build), in its own process. */
interface Host {
  child: ChildProcess;
  port: number;
  /** The printed link's one-time code, spent by startHost to open `credential`. */
  code: string;
  credential: string;
  /** Asks the host for another link (Enter on its stdin), as a person would. */
  freshLink(): Promise<string>;
}

const LINK = /^Neural Workbench: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+))$/;

let dataDir: string;
let host: Host;

async function startHost(dir: string): Promise<Host> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/http/serve.ts', '--port', '0', '--data-dir', dir], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const nextLine = () => new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`host exited with ${code} before printing an address`)));
  });
  const link = async (line: Promise<string>) => {
    const text = await line;
    const match = LINK.exec(text);
    if (!match) throw new Error(`unexpected line: ${text}`);
    return match;
  };
  const first = await link(nextLine());
  return {
    child, port: Number(first[2]), code: first[3], credential: await openSession(first[1]),
    freshLink: async () => {
      const line = nextLine();
      child.stdin!.write('\n');
      return (await link(line))[1];
    },
  };
}

async function stopHost(h: Host): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => h.child.once('exit', (code) => resolve(code)));
  h.child.kill('SIGTERM');
  return exited;
}

interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** node:http, not fetch, so tests can send any Host and Origin. */
function send(method: string, urlPath: string, options: { headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, method, path: urlPath, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const auth = () => ({ Authorization: `Bearer ${host.credential}` });

interface Reply<T> {
  ok: boolean;
  value?: T;
  error?: { code: string; message: string };
}

async function api<T = unknown>(method: string, payload: unknown): Promise<Reply<T>> {
  const r = await send('POST', `/api/${method}`, { headers: { ...auth(), 'Content-Type': 'application/json' }, body: JSON.stringify(payload) });
  expect(r.status).toBe(200);
  return JSON.parse(r.body);
}

async function value<T = { id: number; name: string }>(method: string, payload: unknown): Promise<T> {
  const r = await api<T>(method, payload);
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

type Metrics = Record<number, Record<string, { epoch: number[] }>>;

function openSocket(headers: Record<string, string>, query = '', protocols: string[] = []): WebSocket {
  return new WebSocket(`ws://127.0.0.1:${host.port}/events${query}`, protocols, { headers });
}

function socketOutcome(ws: WebSocket): Promise<string> {
  return new Promise((resolve) => {
    ws.once('open', () => resolve('open'));
    ws.once('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
    ws.once('error', (e) => resolve(`error ${e.message}`));
  });
}

beforeAll(async () => {
  dataDir = makeTempDir();
  host = await startHost(dataDir);
});
afterAll(async () => {
  if (host.child.exitCode === null) await stopHost(host);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('browser host security', () => {
  it('answers 401 without a session credential or with a wrong one (calls, uploads, socket); no cookie, code or query opens anything', async () => {
    const attempts: Record<string, string>[] = [
      {}, { Authorization: 'Bearer wrong' }, { Authorization: `Bearer ${host.credential}x` }, { Authorization: `Bearer ${host.code}` },
      { Cookie: `nwb_token_${host.port}=${host.credential}` }, { Cookie: `session=${host.credential}; token=${host.credential}` },
    ];
    for (const headers of attempts) {
      const r = await send('POST', '/api/datasets.list', { headers, body: '{}' });
      expect(r.status, JSON.stringify(headers)).toBe(401);
      expect(JSON.parse(r.body).error).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/press Enter in the terminal/) });
    }
    expect((await send('POST', '/upload?name=a.csv', { body: 'a,b\n1,2\n' })).status).toBe(401);
    expect((await send('POST', `/api/datasets.list?token=${host.credential}`, { body: '{}' })).status).toBe(401);
    expect(await socketOutcome(openSocket({}))).toBe('401');
    expect(await socketOutcome(openSocket({ Authorization: 'Bearer wrong' }))).toBe('401');
    expect(await socketOutcome(openSocket({}, `?token=${host.credential}`))).toBe('401');
    expect(await socketOutcome(openSocket({ Cookie: `nwb_token_${host.port}=${host.credential}` }))).toBe('401');
    // What a browser sends: the credential as a subprotocol; the answer names only `workbench`.
    const ws = openSocket({}, '', ['workbench', `bearer.${host.credential}`]);
    expect(await socketOutcome(ws)).toBe('open');
    expect(ws.protocol).toBe('workbench');
    ws.close();
    expect(await socketOutcome(openSocket({}, '', ['workbench', 'bearer.wrong']))).toBe('401');
  });

  it('trades a link\'s code for a credential once; a spent code gets a page saying how to get a fresh link', async () => {
    // The printed code was spent by startHost: its link (as history keeps it) opens nothing now.
    const again = await send('POST', '/session', { body: JSON.stringify({ code: host.code }) });
    expect(again.status).toBe(401);
    expect(JSON.parse(again.body).error.message).toMatch(/already used.*press Enter in the terminal/);
    const page = await send('GET', `/?token=${host.code}`);
    expect(page.status).toBe(410);
    expect(page.body).toMatch(/already been used[\s\S]*press Enter in the terminal/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    // A fresh link: its page is served, and its code opens one session, once.
    const link = new URL(await host.freshLink());
    expect((await send('GET', link.pathname + link.search)).status).toBe(200);
    // Another local port (a page there) cannot trade it: the Origin is refused and the code stays unspent.
    const code = link.searchParams.get('token')!;
    const foreign = await send('POST', '/session', { headers: { Origin: `http://127.0.0.1:${host.port + 1}` }, body: JSON.stringify({ code }) });
    expect(foreign.status).toBe(403);
    const first = await send('POST', '/session', { body: JSON.stringify({ code }) });
    const credential = JSON.parse(first.body).value.credential as string;
    expect(credential).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(credential).not.toBe(host.credential);
    expect((await send('POST', '/session', { body: JSON.stringify({ code }) })).status).toBe(401);
    const call = await send('POST', '/api/settings.get', { headers: { Authorization: `Bearer ${credential}` }, body: '{}' });
    expect(JSON.parse(call.body).ok).toBe(true);
    expect((await send('POST', '/session', { body: JSON.stringify({ code: 'made-up' }) })).status).toBe(401);
    expect((await send('GET', '/session')).status).toBe(405);
  });

  it('refuses foreign Host and Origin headers even with the token', async () => {
    const cases: Record<string, string>[] = [
      { Host: `evil.example:${host.port}` },
      { Host: `127.0.0.1:${host.port + 1}` },
      { Origin: 'http://evil.example' },
      { Origin: `http://127.0.0.1.evil.example:${host.port}` },
      { Origin: 'null' },
    ];
    for (const extra of cases) {
      const r = await send('POST', '/api/datasets.list', { headers: { ...auth(), ...extra }, body: '{}' });
      expect(r.status, JSON.stringify(extra)).toBe(403);
    }
    expect(await socketOutcome(openSocket({ ...auth(), Origin: 'http://evil.example' }))).toBe('403');
    const local = await send('POST', '/api/datasets.list', { headers: { ...auth(), Origin: `http://localhost:${host.port}`, Host: `localhost:${host.port}` }, body: '{}' });
    expect(local.status).toBe(200);
  });

  it('serves the app\'s files (no secret in them) with CSP and nosniff and never sets a cookie', async () => {
    const page = await send('GET', '/');
    expect(page.status).toBe(200);
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(page.body).not.toContain(host.credential);
    const fresh = new URL(await host.freshLink());
    expect((await send('GET', fresh.pathname + fresh.search)).headers['set-cookie']).toBeUndefined();
    const csp = String(page.headers['content-security-policy']);
    for (const part of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'", `connect-src 'self' ws://127.0.0.1:${host.port}`]) {
      expect(csp).toContain(part);
    }
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect((await send('GET', '/../../../etc/passwd', { headers: auth() })).body).not.toContain('root:');
  });

  it('answers API errors with 200 ok:false and unparsable JSON with 400 BAD_REQUEST', async () => {
    expect(await api('nope.nope', {})).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await api('datasets.get', { id: -1 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const bad = await send('POST', '/api/datasets.list', { headers: auth(), body: '{"unterminated' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.code).toBe('BAD_REQUEST');
    expect((await value('datasets.list', {}))).toEqual([]);
  });

  it('answers a body or upload over the limit with 413 TOO_LARGE, by its code', async () => {
    const big = await send('POST', '/api/datasets.list', { headers: auth(), body: Buffer.alloc(17 * 1024 ** 2, 0x20) });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body).error).toMatchObject({ code: 'TOO_LARGE', message: expect.stringMatching(/16 MB/) });
    // Refused on the declared length, before a byte is stored.
    const upload = await send('POST', '/upload?name=huge.csv', { headers: { ...auth(), 'Content-Length': String(3 * 1024 ** 3) }, body: 'a,b\n' });
    expect(upload.status).toBe(413);
    expect(JSON.parse(upload.body).error.code).toBe('TOO_LARGE');
  });
});

describe('browser host flows', () => {
  it('uploads a CSV, imports it, streams run events over the socket, and keeps everything across a restart', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => `${(i % 7) / 3},${Math.sin(i)},${i % 2 === 0 ? 'even' : 'odd'}`);
    const csv = Buffer.from(['x1,x2,parity', ...rows].join('\n'));
    const up = await send('POST', '/upload?name=../../parity.csv', { headers: { ...auth(), 'Content-Type': 'text/csv' }, body: csv });
    expect(up.status).toBe(200);
    const held = JSON.parse(up.body);
    expect(held).toMatchObject({ ok: true, value: { name: 'parity.csv' } });
    const dataset = await value<{ id: number }>('datasets.import', { source: { fileId: held.value.fileId }, importId: 'up-1' });
    expect(dataset).toMatchObject({ name: 'parity', rowCount: 120, target: 'parity', task: 'classification' });

    const ws = openSocket(auth());
    expect(await socketOutcome(ws)).toBe('open');
    const events: { event: string; payload: { id?: number; runId?: number; status?: string } }[] = [];
    ws.on('message', (data) => events.push(JSON.parse(String(data))));
    const model = await value('models.create', { name: 'tiny', spec: { layers: [{ type: 'dense', units: 4 }, { type: 'activation', activation: 'relu' }] } });
    const [run] = await value<{ id: number; name: string }[]>('runs.start', {
      datasetId: dataset.id, modelId: model.id, seeds: [7],
      trainer: { trainer: 'backprop', optimizer: { id: 'adam' }, loss: { id: 'crossEntropy' }, batchSize: 16, epochs: 4 },
    });
    await new Promise<void>((resolve) => {
      const check = () => (events.some((e) => e.event === 'run.updated' && e.payload.id === run.id && e.payload.status === 'completed') ? resolve() : setTimeout(check, 20));
      check();
    });
    expect(events.some((e) => e.event === 'run.metrics' && e.payload.runId === run.id)).toBe(true);
    expect(events.some((e) => e.event === 'datasets.changed')).toBe(false); // imported before the socket opened
    ws.close();
    const metricsBefore = await value<Metrics>('runs.metrics', { ids: [run.id] });
    expect(metricsBefore[run.id]['train.loss'].epoch).toEqual([1, 2, 3, 4]);

    const oldCredential = host.credential;
    expect(await stopHost(host)).toBe(0);
    host = await startHost(dataDir);
    const stale = await send('POST', '/api/datasets.list', { headers: { Authorization: `Bearer ${oldCredential}` }, body: '{}' });
    expect(stale.status).toBe(401);
    expect((await value<{ id: number }[]>('datasets.list', {})).map((d: { id: number }) => d.id)).toEqual([dataset.id]);
    expect((await value<{ name: string }[]>('models.list', {})).map((m: { name: string }) => m.name)).toEqual(['tiny']);
    const after = await value<{ confusion: unknown }>('runs.get', { id: run.id });
    expect(after).toMatchObject({ status: 'completed', name: run.name });
    expect(after.confusion).not.toBeNull();
    expect(await value('runs.metrics', { ids: [run.id] })).toEqual(metricsBefore);
  });

  it('streams uploads into <data dir>/uploads and refuses a non-POST upload', async () => {
    const before = existsSync(path.join(dataDir, 'uploads')) ? readdirSync(path.join(dataDir, 'uploads')).length : 0;
    const up = await send('POST', '/upload?name=x.csv', { headers: auth(), body: 'a,b\n1,2\n' });
    expect(JSON.parse(up.body).ok).toBe(true);
    const files = readdirSync(path.join(dataDir, 'uploads'));
    expect(files.length).toBe(before + 1);
    expect(files.every((f) => /^[0-9a-f-]{36}\.csv$/.test(f))).toBe(true);
    expect((await send('GET', '/upload', { headers: auth() })).status).toBe(405);
  });
});

// Several host processes (through tsx) and an engine training at once: minutes on a loaded 2-core CI machine.
const SLOW_PROCESSES = { timeout: 180_000 };

describe('stopping the host', SLOW_PROCESSES, () => {
  it('marks a run it stops with SIGTERM as interrupted, saying why', async () => {
    const dir = makeTempDir();
    const own = await startHost(dir);
    const saved = host;
    host = own;
    try {
      const rows = Array.from({ length: 200 }, (_, i) => `${i % 5},${(i * 3) % 7},${i % 2 ? 'a' : 'b'}`);
      const up = JSON.parse((await send('POST', '/upload?name=t.csv', { headers: auth(), body: ['x,y,label', ...rows].join('\n') })).body);
      const dataset = await value<{ id: number }>('datasets.import', { source: { fileId: up.value.fileId }, importId: 'sigterm' });
      const model = await value('models.create', { name: 'm', spec: { layers: [{ type: 'dense', units: 4 }] } });
      const [run] = await value<{ id: number }[]>('runs.start', {
        datasetId: dataset.id, modelId: model.id, seeds: [1],
        trainer: { trainer: 'backprop', optimizer: { id: 'sgd' }, loss: { id: 'crossEntropy' }, batchSize: 1, epochs: 100_000 },
      });
      for (let i = 0; i < 300; i++) {
        if ((await value<{ progress: { epoch: number } }>('runs.get', { id: run.id })).progress.epoch >= 1) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(await stopHost(own)).toBe(0);
      const db = new Database(path.join(dir, 'workbench.sqlite'), { readonly: true });
      const row = db.prepare('SELECT status, error FROM runs WHERE id = ?').get(run.id) as { status: string; error: string | null };
      db.close();
      expect(row.status).toBe('interrupted');
      expect(row.error).toMatch(/stopped \(SIGTERM\) before the run finished/);
    } finally {
      host = saved;
      if (own.child.exitCode === null) await stopHost(own);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('one backend per data folder', SLOW_PROCESSES, () => {
  /** A second `npm run serve` on `dir`: its exit code and what it printed. */
  function tryHost(dir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/http/serve.ts', '--port', '0', '--data-dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    return new Promise((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), SLOW_PROCESSES.timeout - 30_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  }

  it('refuses a second host on the same folder, naming the first, and leaves its run training; after kill -9 the next start succeeds', async () => {
    const dir = makeTempDir();
    const first = await startHost(dir);
    const saved = host;
    host = first;
    try {
      const rows = Array.from({ length: 100 }, (_, i) => `${i % 5},${(i * 3) % 7},${i % 2 ? 'a' : 'b'}`);
      const up = JSON.parse((await send('POST', '/upload?name=t.csv', { headers: auth(), body: ['x,y,label', ...rows].join('\n') })).body);
      const dataset = await value<{ id: number }>('datasets.import', { source: { fileId: up.value.fileId }, importId: 'lock' });
      const model = await value('models.create', { name: 'm', spec: { layers: [{ type: 'dense', units: 4 }] } });
      const [run] = await value<{ id: number }[]>('runs.start', {
        datasetId: dataset.id, modelId: model.id, seeds: [1],
        trainer: { trainer: 'backprop', optimizer: { id: 'sgd' }, loss: { id: 'crossEntropy' }, batchSize: 1, epochs: 100_000 },
      });

      const second = await tryHost(dir);
      expect(second.code).toBe(1);
      expect(second.stdout).toBe('');
      expect(second.stderr).toContain(`in use by the Neural Workbench browser host (process ${first.child.pid}, http://127.0.0.1:${first.port}`);
      expect(second.stderr).toContain('--data-dir');
      expect(second.stderr).not.toContain(first.credential);
      expect(second.stderr).not.toContain(first.code);
      // The first host's run was not touched: still training, and it goes on.
      const status = await value<{ status: string; progress: { epoch: number } }>('runs.get', { id: run.id });
      expect(status.status).toBe('running');

      const died = new Promise((resolve) => first.child.once('exit', resolve));
      first.child.kill('SIGKILL');
      await died;
      const next = await startHost(dir);
      host = next;
      // The crashed host's run is recovered as interrupted by the one that now holds the folder.
      expect(await value<{ status: string }>('runs.get', { id: run.id })).toMatchObject({ status: 'interrupted' });
      expect(await stopHost(next)).toBe(0);
    } finally {
      host = saved;
      if (first.child.exitCode === null && first.child.signalCode === null) await stopHost(first);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
