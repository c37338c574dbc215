/**
 * App-wide rules of the desktop shell. Every web contents the app ever creates (the main window, a devtools
 * page, anything a future change opens) gets the same lock-down the moment it exists, so no window can navigate
 * away, open pop-ups or attach a webview. And one instance per user: a second launch hands over to the first
 * (whose window comes to the front) instead of opening the same data folder twice.
 */
import type { App, BrowserWindow, WebContents } from 'electron';

function lockDownWebContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function guardAllWebContents(app: Pick<App, 'on'>): void {
  app.on('web-contents-created', (_event, contents) => lockDownWebContents(contents));
}

/** False when another instance runs (this one should quit); otherwise a later launch focuses `window()`. */
export function holdSingleInstance(app: Pick<App, 'requestSingleInstanceLock' | 'on'>, window: () => BrowserWindow | null): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', () => {
    const win = window();
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  return true;
}
