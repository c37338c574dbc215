import { BrowserWindow, session } from 'electron';
import { electronCsp } from './security-policy';

export interface MainWindowOptions {
  preload: string;
  /** file:// URL of the built index.html, or the dev server's URL. */
  appUrl: string;
  devServerUrl?: string;
}

/**
 * The one window, locked down: isolated, sandboxed renderer without Node; no navigation, no pop-ups, no
 * permissions; the CSP on every response.
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
  const contents = win.webContents;
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(options.appUrl);
  return win;
}
