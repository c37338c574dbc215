/**
 * One fixture, `wb`, gives every journey a fresh workbench: a data dir of its own, the app open in a page, a
 * way to seed data through the real API, a restart on the same data dir and screenshots into the test's
 * output. The `browser` project drives the browser host in Chromium; the `electron` project the built app.
 * Console errors and uncaught page errors fail the journey.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Browser, type ElectronApplication, type Page } from '@playwright/test';
import { electronBinaryAvailable, electronBinaryPath, NO_ELECTRON } from './electron';
import { startHost, type Host } from './host';

export type HostKind = 'browser' | 'electron';

export interface Workbench {
  kind: HostKind;
  /** The current page (a new one after `restart`). */
  page: Page;
  dataDir: string;
  /** A backend call as the renderer makes it; throws with the API's error code and message. */
  call<T = unknown>(method: string, payload?: unknown): Promise<T>;
  /** Stops the app and starts it again on the same data dir; returns the new page. */
  restart(): Promise<Page>;
  /** A full-window screenshot saved in the test's output dir and attached to the report. */
  shot(name: string): Promise<string>;
}

interface ApiReply { ok: boolean; value?: unknown; error?: { code: string; message: string } }

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Electron puts userData under $XDG_CONFIG_HOME/<productName> on Linux. */
const PRODUCT_NAME = 'Neural Workbench';

/** What one running instance of the app needs to offer the fixture. */
interface Instance {
  page: Page;
  call(method: string, payload: unknown): Promise<ApiReply>;
  close(): Promise<void>;
}

type Watch = (page: Page) => void;

async function openBrowserInstance(browser: Browser, dataDir: string, viewport: { width: number; height: number } | null, watch: Watch): Promise<Instance> {
  const host: Host = await startHost(dataDir);
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  watch(page);
  await page.goto(host.url);
  return {
    page,
    async call(method, payload) {
      const r = await fetch(`${host.origin}/api/${method}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${host.credential}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(payload),
      });
      return (await r.json()) as ApiReply;
    },
    // The page goes first, so its event socket does not see the host vanish.
    async close() {
      await context.close();
      await host.stop();
    },
  };
}

async function openElectronInstance(launch: (dir: string) => Promise<ElectronApplication>, configHome: string, watch: Watch): Promise<Instance> {
  const app = await launch(configHome);
  const page = await app.firstWindow();
  watch(page);
  await page.waitForLoadState('domcontentloaded');
  return {
    page,
    call: (method, payload) => page.evaluate(
      ([m, p]) => (window as unknown as { api: { call(m: string, p: unknown): Promise<ApiReply> } }).api.call(m as string, p),
      [method, payload] as const,
    ),
    close: () => app.close(),
  };
}

export const test = base.extend<{ wb: Workbench; electronGate: void }, { hostKind: HostKind }>({
  hostKind: ['browser', { option: true, scope: 'worker' }],

  // Runs before any other fixture, so a skipped electron journey starts nothing.
  electronGate: [async ({ hostKind }, use, testInfo) => {
    testInfo.skip(hostKind === 'electron' && !electronBinaryAvailable(), NO_ELECTRON);
    await use();
  }, { auto: true }],

  wb: async ({ hostKind, playwright, launchOptions, viewport }, use, testInfo) => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'nwb-e2e-'));
    const dataDir = hostKind === 'electron' ? path.join(scratch, PRODUCT_NAME) : scratch;
    const problems: string[] = [];
    let browser = null as Browser | null;

    const launchElectron = (configHome: string) => playwright._electron.launch({
      executablePath: electronBinaryPath()!,
      args: [path.join(ROOT, 'out', 'main', 'index.js')],
      env: { ...process.env, XDG_CONFIG_HOME: configHome } as Record<string, string>,
    });
    const watch: Watch = (page) => {
      page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      // Every journey also checks that the strict CSP blocks nothing the app itself does.
      void page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`));
      });
    };
    const open = async (): Promise<Instance> => {
      if (hostKind === 'electron') return openElectronInstance(launchElectron, scratch, watch);
      browser ??= await playwright.chromium.launch(launchOptions);
      return openBrowserInstance(browser, dataDir, viewport, watch);
    };

    let instance = await open();
    let shots = 0;
    const wb: Workbench = {
      kind: hostKind,
      page: instance.page,
      dataDir,
      async call<T>(method: string, payload: unknown = {}): Promise<T> {
        const r = await instance.call(method, payload);
        if (!r.ok) throw new Error(`${method}: ${r.error?.code} ${r.error?.message}`);
        return r.value as T;
      },
      async restart() {
        await instance.close();
        instance = await open();
        wb.page = instance.page;
        return instance.page;
      },
      async shot(name) {
        shots += 1;
        const file = testInfo.outputPath(`${String(shots).padStart(2, '0')}-${name}.png`);
        await wb.page.screenshot({ path: file });
        await testInfo.attach(name, { path: file, contentType: 'image/png' });
        return file;
      },
    };
    try {
      await use(wb);
    } finally {
      await instance.close().catch(() => undefined);
      await browser?.close();
      rmSync(scratch, { recursive: true, force: true });
    }
    expect(problems, 'console errors and page errors during the journey').toEqual([]);
  },
});

export { expect };
