/**
 * The renderer's Content-Security-Policy, once for every way the page is loaded: the meta tag of index.html
 * (the only policy a file:// page in Electron gets), the browser host's header and the Electron session's
 * header (dev server). Only our own scripts and style sheets: Vue's :style bindings and ECharts set styles
 * through CSSOM, which a policy does not block, so no 'unsafe-inline'. The API and events go to this origin
 * only ('self' covers ws: to the same host and port), no form posts anywhere, no plug-ins, no <base>.
 */
export interface CspOptions {
  /** More sources for connect-src (the browser host's WebSocket by address, the dev server's HMR socket). */
  connect?: readonly string[];
  /**
   * frame-ancestors works only as a header; in a meta tag Chromium ignores it with a console error, so the
   * meta policy leaves it out.
   */
  asHeader?: boolean;
  /** Vite's dev server injects each module's CSS as a <style> element: only then are inline styles allowed. */
  devServer?: boolean;
}

export function contentSecurityPolicy({ connect = [], asHeader = false, devServer = false }: CspOptions = {}): string {
  return [
    "default-src 'self'", "script-src 'self'", `style-src 'self'${devServer ? " 'unsafe-inline'" : ''}`, "img-src 'self' data: blob:", "font-src 'self'",
    `connect-src ${["'self'", ...connect].join(' ')}`, "object-src 'none'", "base-uri 'none'", "form-action 'none'",
    ...(asHeader ? ["frame-ancestors 'none'"] : []),
  ].join('; ');
}
