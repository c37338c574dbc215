// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { createHttpClient, parseEventFrame } from './http-client';
import { takeToken } from './token';

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
    const client = createHttpClient({ token: 'abc', baseUrl: 'http://127.0.0.1:9999', fetch: fakeFetch });
    const r = await client.call('datasets.list', {});
    expect(r).toEqual({ ok: true, value: [] });
    expect(seen[0].url).toBe('http://127.0.0.1:9999/api/datasets.list');
    expect((seen[0].init.headers as Record<string, string>).Authorization).toBe('Bearer abc');
    expect(seen[0].init.body).toBe('{}');
  });

  it('turns a network failure or a non-Result answer into an error Result', async () => {
    const down = (async () => { throw new TypeError('Failed to fetch'); }) as unknown as typeof fetch;
    const r1 = await createHttpClient({ token: null, baseUrl: 'http://x', fetch: down }).call('app.info', {});
    expect(r1.ok).toBe(false);
    const html = (async () => new Response('<html>', { status: 502, statusText: 'Bad Gateway' })) as unknown as typeof fetch;
    const r2 = await createHttpClient({ token: null, baseUrl: 'http://x', fetch: html }).call('app.info', {});
    expect(!r2.ok && r2.error.message).toContain('502');
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
