/** The renderer's Content-Security-Policy in the desktop app (the dev server also needs its HMR socket). */
export function contentSecurityPolicy(devServerUrl: string | undefined): string {
  const connect = ["'self'"];
  if (devServerUrl) {
    const dev = new URL(devServerUrl);
    connect.push(dev.origin, `ws://${dev.host}`);
  }
  return [
    "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:",
    `connect-src ${connect.join(' ')}`, "object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'",
  ].join('; ');
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
