import { rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../api/backend';
import { makeTempDir } from '../db/test-kit';
import { forkEngineLauncher } from '../runs/engine-process';
import { openSession } from './host-test-kit';
import { startHttpHost, type HttpHost } from './http-host';

/** A real host in this process with a small upload limit, so the limit can be crossed cheaply. */
let dir: string;
let backend: Backend;
let host: HttpHost;
let credential: string;
const UPLOAD_LIMIT = 64 * 1024;

beforeAll(async () => {
  dir = makeTempDir();
  backend = createBackend({ dataDir: dir, samplesDir: path.resolve('resources/samples'), launch: forkEngineLauncher(), transport: 'http', version: 't' });
  host = await startHttpHost({
    api: backend.api, files: backend.files, port: 0, staticDir: path.join(dir, 'no-build'), maxUploadBytes: UPLOAD_LIMIT,
  });
  credential = await openSession(host.url);
});
afterAll(async () => {
  await host.close();
  await backend.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Reply { status: number; body: string; socket: unknown }

/** One request through `agent`; resolves with the socket it used, so reuse can be checked. */
function send(agent: Agent, method: string, urlPath: string, body: Buffer | string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, method, path: urlPath, agent, headers: { Authorization: `Bearer ${credential}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8'), socket: req.socket }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('keep-alive connections after a refused body', () => {
  const cases: [string, string, Buffer, Record<string, string>][] = [
    ['a JSON body over 16 MB', '/api/datasets.list', Buffer.alloc(17 * 1024 ** 2, 0x20), {}],
    ['an upload whose declared length is over the limit', '/upload?name=big.csv', Buffer.alloc(UPLOAD_LIMIT * 4, 0x31), {}],
    ['an upload that crosses the limit while streaming', '/upload?name=big.csv', Buffer.alloc(UPLOAD_LIMIT * 4, 0x31), { 'Transfer-Encoding': 'chunked' }],
  ];
  it.each(cases)('answer %s with 413 and serve the next request of the same client', async (_name, urlPath, body, headers) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await send(agent, 'POST', urlPath, body, headers);
      expect(refused.status).toBe(413);
      expect(JSON.parse(refused.body).error.code).toBe('TOO_LARGE');
      const next = await send(agent, 'POST', '/api/settings.get', '{}', { 'Content-Type': 'application/json' });
      expect(next.status).toBe(200);
      expect(JSON.parse(next.body).ok).toBe(true);
    } finally {
      agent.destroy();
    }
  });
});
