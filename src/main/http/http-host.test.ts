import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { makeTempDir } from '../db/test-kit';

/** The real host as `npm run serve` starts it (minus the web build), in its own process. */
interface Host {
  child: ChildProcess;
  port: number;
  token: string;
}

let dataDir: string;
let host: Host;

async function startHost(dir: string): Promise<Host> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/http/serve.ts', '--port', '0', '--data-dir', dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`host exited with ${code} before printing its address`)));
  });
  const match = /^Neural Workbench: http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+)$/.exec(line);
  if (!match) throw new Error(`unexpected first line: ${line}`);
  return { child, port: Number(match[1]), token: match[2] };
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

const auth = () => ({ Authorization: `Bearer ${host.token}` });

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

function openSocket(headers: Record<string, string>, query = ''): WebSocket {
  return new WebSocket(`ws://127.0.0.1:${host.port}/events${query}`, { headers });
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
  it('answers 401 without the token or with a wrong one (calls, uploads, pages, socket)', async () => {
    const attempts: Record<string, string>[] = [{}, { Authorization: 'Bearer wrong' }, { Authorization: `Bearer ${host.token}x` }, { Cookie: `nwb_token_${host.port}=wrong` }, { Cookie: `nwb_token_1=${host.token}` }];
    for (const headers of attempts) {
      const r = await send('POST', '/api/datasets.list', { headers, body: '{}' });
      expect(r.status).toBe(401);
      expect(JSON.parse(r.body).error.code).toBe('UNAUTHORIZED');
    }
    expect((await send('POST', '/upload?name=a.csv', { body: 'a,b\n1,2\n' })).status).toBe(401);
    expect((await send('GET', '/')).status).toBe(401);
    expect((await send('GET', '/?token=wrong')).status).toBe(401);
    // The query token opens the page only, never the API.
    expect((await send('POST', `/api/datasets.list?token=${host.token}`, { body: '{}' })).status).toBe(401);
    expect(await socketOutcome(openSocket({}))).toBe('401');
    expect(await socketOutcome(openSocket({ Authorization: 'Bearer wrong' }))).toBe('401');
  });

  it('shows a browser opening an old or wrong link a page that says how to get a fresh one, not JSON', async () => {
    const r = await send('GET', '/?token=from-an-earlier-start', { headers: { Accept: 'text/html,application/xhtml+xml' } });
    expect(r.status).toBe(401);
    expect(r.headers['content-type']).toContain('text/html');
    expect(r.body).toContain('Open the address the server printed');
    expect(r.body).not.toContain('UNAUTHORIZED');
    // Calls keep their Result body whatever they accept.
    const call = await send('POST', '/api/datasets.list', { headers: { Accept: 'text/html' }, body: '{}' });
    expect(JSON.parse(call.body).error.code).toBe('UNAUTHORIZED');
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

  it('sets an HttpOnly SameSite=Strict cookie on the first page load, with CSP and nosniff', async () => {
    const page = await send('GET', `/?token=${host.token}`);
    expect(page.status).toBe(200);
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toContain(`nwb_token_${host.port}=${host.token}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const csp = String(page.headers['content-security-policy']);
    for (const part of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'", `connect-src 'self' ws://127.0.0.1:${host.port}`]) {
      expect(csp).toContain(part);
    }
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const withCookie = await send('POST', '/api/settings.get', { headers: { Cookie: `other=1; nwb_token_${host.port}=${host.token}` }, body: '{}' });
    expect(JSON.parse(withCookie.body).ok).toBe(true);
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

    const oldToken = host.token;
    expect(await stopHost(host)).toBe(0);
    host = await startHost(dataDir);
    const stale = await send('POST', '/api/datasets.list', { headers: { Authorization: `Bearer ${oldToken}` }, body: '{}' });
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
