import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

/**
 * The dev server injects CSS as <style> elements, which index.html's strict policy forbids: allowed there only
 * (as contentSecurityPolicy({ devServer: true }) in src/shared/content-security-policy.ts does for the header).
 */
const devServerCsp: Plugin = {
  name: 'nwb-dev-server-csp',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace("style-src 'self';", "style-src 'self' 'unsafe-inline';"),
};

/**
 * The renderer's build, shared by the Electron app (electron.vite.config.ts) and the browser host
 * (`npm run build:web`), so both ship the same bundle from `out/renderer/`.
 */
export const rendererConfig = {
  root: fileURLToPath(new URL('./src/renderer', import.meta.url)),
  // Relative asset URLs: the page is loaded from file:// under Electron and from the host's origin in the browser.
  base: './',
  plugins: [vue(), devServerCsp],
  build: {
    outDir: fileURLToPath(new URL('./out/renderer', import.meta.url)),
    emptyOutDir: true,
    // electron-vite leaves the renderer unminified by default; both hosts ship the same minified bundle.
    minify: true,
    chunkSizeWarningLimit: 1500,
  },
} satisfies UserConfig;

export default defineConfig(rendererConfig);
