// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHttpClient, parseEventFrame } from './http-client';
import { takeToken } from './token';
import { launchTokenCredential, type ConnectionState } from './connection';

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
    const client = createHttpClient({ credential: launchTokenCredential('abc'), baseUrl: 'http://127.0.0.1:9999', fetch: fakeFetch });
    const r = await client.call('datasets.list', {});
    expect(r).toEqual({ ok: true, value: [] });
    expect(seen[0].url).toBe('http://127.0.0.1:9999/api/datasets.list');
    expect((seen[0].init.headers as Record<string, string>).Authorization).toBe('Bearer abc');
    expect(seen[0].init.body).toBe('{}');
  });

  it('turns a network failure or a non-Result answer into an error Result', async () => {
    const down = (async () => { throw new TypeError('Failed to fetch'); }) as unknown as typeof fetch;
    const r1 = await createHttpClient({ credential: launchTokenCredential(null), baseUrl: 'http://x', fetch: down }).call('app.info', {});
    expect(r1.ok).toBe(false);
    const html = (async () => new Response('<html>', { status: 502, statusText: 'Bad Gateway' })) as unknown as typeof fetch;
    const r2 = await createHttpClient({ credential: launchTokenCredential(null), baseUrl: 'http://x', fetch: html }).call('app.info', {});
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
    constructor(url: string) {
      host.sockets.push(url);
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
    const client = createHttpClient({ credential: launchTokenCredential('t0k'), baseUrl: 'http://127.0.0.1:9', fetch, WebSocket, onConnection: (s) => states.push(s) });
    client.on('run.updated', () => {});
    await vi.advanceTimersByTimeAsync(5);
    expect(states).toEqual(['offline']);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(host.sockets.length).toBeGreaterThan(1);
    host.mode = 'up';
    await vi.advanceTimersByTimeAsync(20_000);
    expect(states).toEqual(['offline', 'online']);
    expect(host.sockets.at(-1)).toBe('ws://127.0.0.1:9/events?token=t0k');
  });

  it('reports expired when the host refuses the credential, and stops retrying the socket', async () => {
    vi.useFakeTimers();
    const { host, fetch, WebSocket } = fakeHost();
    host.mode = 'restarted';
    const states: ConnectionState[] = [];
    const client = createHttpClient({ credential: launchTokenCredential('old'), baseUrl: 'http://127.0.0.1:9', fetch, WebSocket, onConnection: (s) => states.push(s) });
    client.on('run.updated', () => {});
    await vi.advanceTimersByTimeAsync(30_000);
    expect(states).toEqual(['expired']);
    expect(host.sockets).toHaveLength(1);
    expect((await client.call('app.info', {})).ok).toBe(false);
  });
});

describe('takeToken', () => {
  it('moves the token from the URL into session storage and removes it from the address', () => {
    window.history.replaceState(null, '', '/?token=s3cret#/runs');
    window.sessionStorage.clear();
    expect(takeToken(window.location, window.history, window.sessionStorage)).toBe('s3cret');
    expect(window.location.search).toBe('');
    expect(window.location.hash).toBe('#/runs');
    // After a reload the URL has no token; the stored one is used.
    expect(takeToken(window.location, window.history, window.sessionStorage)).toBe('s3cret');
  });
});
