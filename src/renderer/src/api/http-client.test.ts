// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHttpClient, parseEventFrame } from './http-client';
import { sessionCredential, type ConnectionState } from './connection';
import { takeSession } from './token';

describe('parseEventFrame', () => {
  it('accepts { event, payload } and ignores anything else', () => {
    expect(parseEventFrame('{"event":"run.updated","payload":{"id":1}}')).toEqual({ event: 'run.updated', payload: { id: 1 } });
    expect(parseEventFrame('not json')).toBeNull();
    expect(parseEventFrame('{"payload":1}')).toBeNull();
    expect(parseEventFrame(new ArrayBuffer(2))).toBeNull();
  });
});

describe('createHttpClient', () => {
  it('posts to /api/<method> with the bearer token and returns the Result body', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      seen.push({ url, init });
      return new Response(JSON.stringify({ ok: true, value: [] }), { status: 200 });
    }) as unknown as typeof fetch;
    const client = createHttpClient({ credential: sessionCredential('abc'), baseUrl: 'http://127.0.0.1:9999', fetch: fakeFetch });
    const r = await client.call('datasets.list', {});
    expect(r).toEqual({ ok: true, value: [] });
    expect(seen[0].url).toBe('http://127.0.0.1:9999/api/datasets.list');
    expect((seen[0].init.headers as Record<string, string>).Authorization).toBe('Bearer abc');
    expect(seen[0].init.body).toBe('{}');
  });

  it('turns a network failure or a non-Result answer into an error Result', async () => {
    const down = (async () => { throw new TypeError('Failed to fetch'); }) as unknown as typeof fetch;
    const r1 = await createHttpClient({ credential: sessionCredential(null), baseUrl: 'http://x', fetch: down }).call('app.info', {});
    expect(r1.ok).toBe(false);
    const html = (async () => new Response('<html>', { status: 502, statusText: 'Bad Gateway' })) as unknown as typeof fetch;
    const r2 = await createHttpClient({ credential: sessionCredential(null), baseUrl: 'http://x', fetch: html }).call('app.info', {});
    expect(!r2.ok && r2.error.message).toContain('502');
  });
});

/** A host that can be down, up, or up with another credential; its sockets open or close accordingly. */
function fakeHost() {
  const host = { mode: 'down' as 'down' | 'up' | 'restarted', sockets: [] as string[] };
  const fetch = (async () => {
    if (host.mode === 'down') throw new TypeError('Failed to fetch');
    if (host.mode === 'restarted') return new Response('{"ok":false,"error":{"code":"UNAUTHORIZED","message":"x"}}', { status: 401 });
    return new Response('{"ok":true,"value":{}}', { status: 200 });
  }) as unknown as typeof globalThis.fetch;
  class FakeSocket {
    onopen: (() => void) | null = null;
    onmessage: ((m: MessageEvent) => void) | null = null;
    onclose: (() => void) | null = null;
    constructor(url: string, protocols?: string[]) {
      host.sockets.push(`${url} ${(protocols ?? []).join(',')}`);
      setTimeout(() => (host.mode === 'up' ? this.onopen?.() : this.onclose?.()), 0);
    }
  }
  return { host, fetch, WebSocket: FakeSocket as unknown as typeof WebSocket };
}

describe('connection state', () => {
  afterEach(() => { vi.useRealTimers(); });

  it('reports offline while the host is gone and online again when it answers, reconnecting by itself', async () => {
    vi.useFakeTimers();
    const { host, fetch, WebSocket } = fakeHost();
    const states: ConnectionState[] = [];
    const client = createHttpClient({ credential: sessionCredential('t0k'), baseUrl: 'http://127.0.0.1:9', fetch, WebSocket, onConnection: (s) => states.push(s) });
    client.on('run.updated', () => {});
    await vi.advanceTimersByTimeAsync(5);
    expect(states).toEqual(['offline']);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(host.sockets.length).toBeGreaterThan(1);
    host.mode = 'up';
    await vi.advanceTimersByTimeAsync(20_000);
    expect(states).toEqual(['offline', 'online']);
    expect(host.sockets.at(-1)).toBe('ws://127.0.0.1:9/events workbench,bearer.t0k');
  });

  it('reports expired when the host refuses the credential, and stops retrying the socket', async () => {
    vi.useFakeTimers();
    const { host, fetch, WebSocket } = fakeHost();
    host.mode = 'restarted';
    const states: ConnectionState[] = [];
    const client = createHttpClient({ credential: sessionCredential('old'), baseUrl: 'http://127.0.0.1:9', fetch, WebSocket, onConnection: (s) => states.push(s) });
    client.on('run.updated', () => {});
    await vi.advanceTimersByTimeAsync(30_000);
    expect(states).toEqual(['expired']);
    expect(host.sockets).toHaveLength(1);
    expect((await client.call('app.info', {})).ok).toBe(false);
  });
});

describe('takeSession', () => {
  it('trades the link\'s code once, keeps the credential in session storage and removes the code from the address', async () => {
    window.history.replaceState(null, '', '/?token=c0de#/runs');
    window.sessionStorage.clear();
    const traded: string[] = [];
    const exchange = async (code: string) => (traded.push(code), traded.length === 1 ? 'cred' : null);
    expect(await takeSession(window.location, window.history, window.sessionStorage, exchange)).toBe('cred');
    expect(traded).toEqual(['c0de']);
    expect(window.location.search).toBe('');
    expect(window.location.hash).toBe('#/runs');
    expect(window.sessionStorage.getItem('nwb.session')).toBe('cred');
    // After a reload the URL has no code; the stored credential is used and nothing is traded.
    expect(await takeSession(window.location, window.history, window.sessionStorage, exchange)).toBe('cred');
    expect(traded).toEqual(['c0de']);
  });

  it('a spent code gives no credential (and keeps one the tab already has)', async () => {
    window.sessionStorage.clear();
    window.history.replaceState(null, '', '/?token=spent');
    expect(await takeSession(window.location, window.history, window.sessionStorage, async () => null)).toBeNull();
    expect(window.location.search).toBe('');
    window.sessionStorage.setItem('nwb.session', 'kept');
    window.history.replaceState(null, '', '/?token=spent');
    expect(await takeSession(window.location, window.history, window.sessionStorage, async () => null)).toBe('kept');
  });
});
