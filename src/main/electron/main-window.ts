import { BrowserWindow, session } from 'electron';
import { electronCsp } from './security-policy';

export interface MainWindowOptions {
  preload: string;
  /** file:// URL of the built index.html, or the dev server's URL. */
  appUrl: string;
  devServerUrl?: string;
}

/**
 * The one window: isolated, sandboxed renderer without Node; no permissions; the CSP on every response (the
 * page's own meta tag carries the same policy, which is what a file:// page gets).
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const ses = session.defaultSession;
  const csp = electronCsp(options.devServerUrl);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp], 'X-Content-Type-Options': ['nosniff'] } });
  });
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);

  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    title: 'Neural Workbench',
    show: false,
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  // Navigation, pop-ups and webviews are denied for every web contents by guardAllWebContents (app-guards.ts).
  win.once('ready-to-show', () => win.show());
  void win.loadURL(options.appUrl);
  return win;
}
