/**
 * The browser host's link in real Chromium with a persistent profile: the history keeps only a spent code, no
 * cookie is set, and a server on another loopback port receives no credential and cannot read the session.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { startHost, type Host } from './support/host';

test.beforeEach(({ browserName }, info) => {
  test.skip(info.project.name !== 'browser' || browserName !== 'chromium', 'the link is the browser host\'s (Chromium)');
});

let scratch: string;
let host: Host;
test.beforeEach(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'nwb-token-'));
  host = await startHost(path.join(scratch, 'data'));
});
test.afterEach(async ({}, info) => {
  if (info.status === 'skipped') return; // skipped before the host was started
  await host.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** A plain server on another port of 127.0.0.1 that records what the browser sends it. */
async function otherLocalServer(): Promise<{ origin: string; seen: IncomingHttpHeaders[]; close(): void }> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>other</title><p>another local server</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => server.close() };
}

function historyUrls(profile: string): string[] {
  const db = new Database(path.join(profile, 'Default', 'History'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT url FROM urls').pluck().all() as string[];
  } finally {
    db.close();
  }
}

test('the history keeps only a spent code; another local port gets no credential', async ({ playwright, launchOptions }) => {
  const profile = path.join(scratch, 'profile');
  const other = await otherLocalServer();
  try {
    let context = await playwright.chromium.launchPersistentContext(profile, launchOptions);
    let page = context.pages()[0] ?? await context.newPage();
    await page.goto(host.url);
    await page.waitForFunction(() => sessionStorage.getItem('nwb.session') !== null);
    expect(new URL(page.url()).searchParams.get('token')).toBeNull();
    await expect(page.getByTestId('nav-models')).toBeVisible();
    const credential = await page.evaluate(() => sessionStorage.getItem('nwb.session'));
    const info = await page.evaluate(async (c) => (await fetch('/api/app.info', { method: 'POST', headers: { Authorization: `Bearer ${c}` }, body: '{}' })).json() as Promise<{ ok: boolean }>, credential);
    expect(info.ok).toBe(true);
    expect(await context.cookies()).toEqual([]);

    // The same browser on another port: nothing of the session reaches it, and it cannot call the host.
    await page.goto(`${other.origin}/probe`);
    // The page, and whatever the browser fetches beside it (a favicon): none of it carries a credential.
    expect(other.seen.length).toBeGreaterThan(0);
    for (const headers of other.seen) {
      expect(headers.cookie).toBeUndefined();
      expect(headers.authorization).toBeUndefined();
    }
    expect(await page.evaluate(() => [sessionStorage.length, localStorage.length, document.cookie])).toEqual([0, 0, '']);
    const fromOther = await page.evaluate(async (api) => {
      try {
        return (await fetch(api, { method: 'POST', credentials: 'include', body: '{}' })).status;
      } catch (e) {
        return `refused: ${(e as Error).name}`;
      }
    }, `${host.origin}/api/datasets.list`);
    expect(fromOther).toMatch(/^refused/);
    await context.close();

    // The history holds the first link, code and all: that code is spent.
    const links = historyUrls(profile).filter((u) => u.startsWith(host.origin));
    expect(links).toContain(host.url);
    expect(links.join('\n')).not.toContain(credential!);
    const code = new URL(host.url).searchParams.get('token');
    const retrade = await fetch(`${host.origin}/session`, { method: 'POST', body: JSON.stringify({ code }) });
    expect(retrade.status).toBe(401);

    // Opening it again from the history (same profile, a new browser session): the friendly page, no access.
    context = await playwright.chromium.launchPersistentContext(profile, launchOptions);
    page = context.pages()[0] ?? await context.newPage();
    const reply = await page.goto(host.url);
    expect(reply?.status()).toBe(410);
    await expect(page.getByRole('heading')).toHaveText('This link has already been used');
    await expect(page.getByText('press Enter in the terminal')).toBeVisible();
    expect(await page.evaluate(() => sessionStorage.getItem('nwb.session'))).toBeNull();
    const denied = await page.evaluate(async () => (await fetch('/api/datasets.list', { method: 'POST', body: '{}' })).status);
    expect(denied).toBe(401);

    // A fresh link works in this same profile, as easily as the first.
    await page.goto(await host.freshLink());
    await page.waitForFunction(() => sessionStorage.getItem('nwb.session') !== null);
    await expect(page.getByTestId('nav-models')).toBeVisible();
    await context.close();
  } finally {
    other.close();
  }
});
