import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiRequests, type ApiEventName } from '../../shared/api';
import type { Api } from '../api/create-api';

/** What the mocked Electron saw; reset before each test. */
const seen = vi.hoisted(() => ({
  windows: [] as { options: Record<string, unknown>; handlers: Map<string, (...args: unknown[]) => void>; openHandler?: () => unknown; loaded?: string }[],
  headersHook: undefined as undefined | ((details: unknown, cb: (r: unknown) => void) => void),
  permissionHandler: undefined as undefined | ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void),
  permissionCheck: undefined as undefined | (() => boolean),
  handlers: new Map<string, (event: unknown, payload: unknown) => unknown>(),
  utility: [] as { entry: string; listeners: Map<string, (...args: unknown[]) => void>; posted: unknown[]; killed: boolean }[],
  appHandlers: new Map<string, (...args: unknown[]) => void>(),
  singleInstance: true,
}));

vi.mock('electron', () => {
  class BrowserWindow {
    webContents: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      const record: (typeof seen.windows)[number] = { options, handlers: new Map() };
      seen.windows.push(record);
      this.webContents = {
        on: (event: string, fn: (...args: unknown[]) => void) => record.handlers.set(event, fn),
        setWindowOpenHandler: (fn: () => unknown) => (record.openHandler = fn),
      };
      this.loadURL = async (url: string) => {
        record.loaded = url;
      };
    }
    loadURL: (url: string) => Promise<void>;
    once() {}
  }
  return {
    BrowserWindow,
    app: {
      on: (event: string, fn: (...args: unknown[]) => void) => seen.appHandlers.set(event, fn),
      requestSingleInstanceLock: () => seen.singleInstance,
    },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (fn: typeof seen.headersHook) => (seen.headersHook = fn) },
        setPermissionRequestHandler: (fn: typeof seen.permissionHandler) => (seen.permissionHandler = fn),
        setPermissionCheckHandler: (fn: typeof seen.permissionCheck) => (seen.permissionCheck = fn),
      },
    },
    ipcMain: { handle: (channel: string, fn: (event: unknown, payload: unknown) => unknown) => seen.handlers.set(channel, fn) },
    utilityProcess: {
      fork: (entry: string) => {
        const record = { entry, listeners: new Map(), posted: [] as unknown[], killed: false };
        seen.utility.push(record);
        return {
          pid: 4242,
          on: (event: string, fn: (...args: unknown[]) => void) => record.listeners.set(event, fn),
          postMessage: (m: unknown) => record.posted.push(m),
          kill: () => (record.killed = true),
        };
      },
    },
  };
});

const { createMainWindow } = await import('./main-window');
const { registerApiHandlers, forwardEvents, callChannel, eventChannel } = await import('./ipc-bridge');
const { utilityEngineLauncher, utilityExitReason } = await import('./utility-engine');
const { isAppFrame } = await import('./security-policy');
const { creditsText } = await import('./app-menu');
const { guardAllWebContents, holdSingleInstance } = await import('./app-guards');
const { app, ipcMain } = await import('electron');

const APP_URL = 'file:///opt/nwb/out/renderer/index.html';

beforeEach(() => {
  seen.windows.length = 0;
  seen.handlers.clear();
  seen.utility.length = 0;
  seen.appHandlers.clear();
  seen.singleInstance = true;
});

/** A web contents as the guard sees it: its handlers recorded. */
function fakeContents() {
  const handlers = new Map<string, (...args: unknown[]) => void>();
  let openHandler: (() => unknown) | undefined;
  return {
    handlers,
    openHandler: () => openHandler!(),
    contents: { on: (event: string, fn: (...args: unknown[]) => void) => handlers.set(event, fn), setWindowOpenHandler: (fn: () => unknown) => (openHandler = fn) },
  };
}

/** An Api whose calls are recorded; events can be fired by the test. */
function fakeApi() {
  const calls: [string, unknown][] = [];
  const listeners = new Map<string, (payload: unknown) => void>();
  const api: Api = {
    methods: Object.keys(apiRequests) as Api['methods'],
    call: async (method, payload) => {
      calls.push([method, payload]);
      return { ok: true, value: method };
    },
    on: (event, listener) => {
      listeners.set(event, listener as (payload: unknown) => void);
      return () => listeners.delete(event);
    },
  };
  return { api, calls, fire: (event: ApiEventName, payload: unknown) => listeners.get(event)?.(payload) };
}

describe('main window', () => {
  it('is isolated, sandboxed, without Node, with web security', () => {
    createMainWindow({ preload: '/opt/nwb/out/preload/index.cjs', appUrl: APP_URL });
    const [win] = seen.windows;
    expect(win.options.webPreferences).toMatchObject({
      preload: '/opt/nwb/out/preload/index.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true,
      webviewTag: false, allowRunningInsecureContent: false,
    });
    expect(win.loaded).toBe(APP_URL);
  });

  it('denies navigation, pop-ups, webviews (for every web contents the app creates) and every permission', () => {
    guardAllWebContents(app);
    const window = createMainWindow({ preload: 'p', appUrl: APP_URL });
    const [win] = seen.windows;
    // Electron announces each web contents as it is created: the window's and, say, a devtools page's.
    const created = seen.appHandlers.get('web-contents-created')!;
    created({}, window.webContents);
    const other = fakeContents();
    created({}, other.contents);
    for (const handlers of [win.handlers, other.handlers]) {
      for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
        const preventDefault = vi.fn();
        handlers.get(event)!({ preventDefault }, 'https://evil.example/');
        expect(preventDefault, event).toHaveBeenCalled();
      }
    }
    expect(win.openHandler!()).toEqual({ action: 'deny' });
    expect(other.openHandler()).toEqual({ action: 'deny' });
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      const cb = vi.fn();
      seen.permissionHandler!({}, permission, cb);
      expect(cb).toHaveBeenCalledWith(false);
    }
    expect(seen.permissionCheck!()).toBe(false);
  });

  it('adds the CSP (and nosniff) to every response, keeping the other headers', () => {
    createMainWindow({ preload: 'p', appUrl: APP_URL });
    const cb = vi.fn();
    seen.headersHook!({ responseHeaders: { 'X-Other': ['1'] } }, cb);
    const headers = cb.mock.calls[0][0].responseHeaders;
    expect(headers['X-Other']).toEqual(['1']);
    expect(headers['X-Content-Type-Options']).toEqual(['nosniff']);
    const csp: string = headers['Content-Security-Policy'][0];
    for (const part of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "connect-src 'self'"]) {
      expect(csp).toContain(part);
    }
    expect(csp).not.toContain('unsafe-eval');
  });
});

describe('single instance', () => {
  it('a second launch brings the first window to the front (restored if minimised)', () => {
    const calls: string[] = [];
    const win = { isMinimized: () => true, restore: () => calls.push('restore'), show: () => calls.push('show'), focus: () => calls.push('focus') };
    expect(holdSingleInstance(app, () => win as never)).toBe(true);
    seen.appHandlers.get('second-instance')!({}, ['--x'], '/');
    expect(calls).toEqual(['restore', 'show', 'focus']);
  });

  it('tells a later instance to quit while the first one runs', () => {
    seen.singleInstance = false;
    expect(holdSingleInstance(app, () => null)).toBe(false);
    expect(seen.appHandlers.has('second-instance')).toBe(false);
  });
});

describe('IPC bridge', () => {
  it('registers every API method through the checked handle and forwards calls from our main frame', async () => {
    const { api, calls } = fakeApi();
    registerApiHandlers(ipcMain, api, APP_URL);
    expect([...seen.handlers.keys()].sort()).toEqual(Object.keys(apiRequests).map(callChannel).sort());
    const ours = { senderFrame: { url: APP_URL, parent: null } };
    for (const method of Object.keys(apiRequests)) {
      expect(await seen.handlers.get(callChannel(method))!(ours, { x: 1 })).toEqual({ ok: true, value: method });
    }
    expect(calls).toHaveLength(Object.keys(apiRequests).length);
  });

  it('refuses calls from a foreign page, a sub-frame or an unknown sender, without calling the API', async () => {
    const { api, calls } = fakeApi();
    registerApiHandlers(ipcMain, api, APP_URL);
    const foreign = [
      { senderFrame: { url: 'https://evil.example/', parent: null } },
      { senderFrame: { url: 'file:///tmp/other.html', parent: null } },
      { senderFrame: { url: APP_URL, parent: { url: APP_URL } } },
      { senderFrame: null },
    ];
    for (const event of foreign) {
      for (const method of ['datasets.list', 'runs.delete', 'files.openCsvDialog']) {
        expect(await seen.handlers.get(callChannel(method))!(event, {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
      }
    }
    expect(calls).toEqual([]);
  });

  it('recognises the dev server by origin and the built page by its path', () => {
    expect(isAppFrame({ url: 'http://localhost:5173/#/runs', parent: null }, 'http://localhost:5173')).toBe(true);
    expect(isAppFrame({ url: 'http://localhost:5174/', parent: null }, 'http://localhost:5173')).toBe(false);
    expect(isAppFrame({ url: `${APP_URL}#/datasets`, parent: null }, APP_URL)).toBe(true);
    expect(isAppFrame({ url: 'not a url', parent: null }, APP_URL)).toBe(false);
  });

  it('forwards events to the window until unsubscribed or destroyed', () => {
    const { api, fire } = fakeApi();
    const send = vi.fn();
    let destroyed = false;
    const off = forwardEvents(api, { send, isDestroyed: () => destroyed });
    fire('run.updated', { id: 1 });
    expect(send).toHaveBeenCalledWith(eventChannel('run.updated'), { id: 1 });
    destroyed = true;
    fire('datasets.changed', { ids: [1] });
    expect(send).toHaveBeenCalledTimes(1);
    off();
  });
});

describe('utility-process engines', () => {
  it('forks the engine entry, passes messages both ways and reports the exit once', () => {
    const engine = utilityEngineLauncher('/opt/nwb/out/main/engine.js')();
    const [child] = seen.utility;
    expect(child.entry).toBe('/opt/nwb/out/main/engine.js');
    expect(engine.pid).toBe(4242);
    const messages: unknown[] = [];
    engine.onMessage((m) => messages.push(m));
    child.listeners.get('message')!({ type: 'ready', kernels: 'js' });
    child.listeners.get('message')!({ type: 'bogus' });
    expect(messages).toEqual([{ type: 'ready', kernels: 'js' }]);
    engine.send({ type: 'cancel' });
    expect(child.posted).toEqual([{ type: 'cancel' }]);
    const reasons: string[] = [];
    engine.onExit((r) => reasons.push(r));
    child.listeners.get('exit')!(3);
    engine.onExit((r) => reasons.push(`late: ${r}`));
    expect(reasons).toEqual(['engine process exited with code 3', 'late: engine process exited with code 3']);
    engine.kill();
    expect(child.killed).toBe(true);
  });

  it('reports an exit Electron announces twice once, and posts nothing after it', () => {
    const engine = utilityEngineLauncher('/opt/nwb/out/main/engine.js')();
    const [child] = seen.utility;
    const reasons: string[] = [];
    engine.onExit((r) => reasons.push(r));
    child.listeners.get('exit')!(1);
    child.listeners.get('exit')!(1);
    expect(reasons).toEqual(['engine process exited with code 1']);
    engine.send({ type: 'cancel' });
    expect(child.posted).toEqual([]);
  });

  it('reports a process ended by a signal as that signal, and its own kill as a kill', () => {
    const exitOf = (code: number, kill = false) => {
      const engine = utilityEngineLauncher('/opt/nwb/out/main/engine.js')();
      const child = seen.utility.at(-1)!;
      const reasons: string[] = [];
      engine.onExit((r) => reasons.push(r));
      if (kill) engine.kill();
      child.listeners.get('exit')!(code);
      return reasons;
    };
    // POSIX waitpid status: SIGKILL from outside is 9; a SIGSEGV with a core dump 128 + 11.
    expect(exitOf(9)).toEqual(['engine process was killed (SIGKILL)']);
    expect(exitOf(139)).toEqual(['engine process was killed (SIGSEGV)']);
    // Electron turns the SIGTERM of its own kill() into 0.
    expect(exitOf(0, true)).toEqual(['engine process was killed (SIGTERM)']);
    expect(exitOf(0)).toEqual(['engine process exited with code 0']);
    expect(utilityExitReason(9, false, 'win32')).toBe('engine process exited with code 9');
  });

  it('listens for a fatal error of the engine and reports it as the exit, once', () => {
    const engine = utilityEngineLauncher('/opt/nwb/out/main/engine.js')();
    const [child] = seen.utility;
    const reasons: string[] = [];
    engine.onExit((r) => reasons.push(r));
    child.listeners.get('error')!('FatalError', 'v8::internal::Heap', 'report');
    child.listeners.get('exit')!(6);
    expect(reasons).toEqual(['engine process failed: FatalError at v8::internal::Heap']);
    expect(child.killed).toBe(true);
  });
});

describe('About box', () => {
  it('credits every shipped dataset', () => {
    const text = creditsText(readFileSync(path.resolve('resources/samples/CREDITS.md'), 'utf8'));
    const manifest = JSON.parse(readFileSync(path.resolve('resources/samples/manifest.json'), 'utf8')) as { samples: { file: string }[] };
    for (const s of manifest.samples) expect(text).toContain(`• ${s.file}:`);
    expect(text).not.toMatch(/\|/);
  });
});
