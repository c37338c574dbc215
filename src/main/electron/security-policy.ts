import { contentSecurityPolicy } from '../../shared/content-security-policy';

/**
 * The header policy of the desktop app's responses (the dev server's: a file:// page has only its meta tag,
 * which is the same policy). The dev server also needs its HMR socket and inline styles.
 */
export function electronCsp(devServerUrl: string | undefined): string {
  if (!devServerUrl) return contentSecurityPolicy({ asHeader: true });
  const dev = new URL(devServerUrl);
  return contentSecurityPolicy({ connect: [dev.origin, `ws://${dev.host}`], asHeader: true, devServer: true });
}

/**
 * Whether an IPC message comes from our own page: the main frame (no iframe), showing the built index.html
 * or the dev server. Anything else (a frame that navigated away, an injected iframe) is refused.
 */
export function isAppFrame(frame: { url: string; parent: unknown } | null, appUrl: string): boolean {
  if (!frame || frame.parent !== null) return false;
  let url: URL;
  let app: URL;
  try {
    url = new URL(frame.url);
    app = new URL(appUrl);
  } catch {
    return false;
  }
  if (app.protocol === 'file:') return url.protocol === 'file:' && url.pathname === app.pathname;
  return url.origin === app.origin;
}
