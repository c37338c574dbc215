import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';

/**
 * The renderer's build, shared by the Electron app (electron.vite.config.ts) and the browser host
 * (`npm run build:web`), so both ship the same bundle from `out/renderer/`.
 */
export const rendererConfig = {
  root: fileURLToPath(new URL('./src/renderer', import.meta.url)),
  // Relative asset URLs: the page is loaded from file:// under Electron and from the host's origin in the browser.
  base: './',
  plugins: [vue()],
  build: {
    outDir: fileURLToPath(new URL('./out/renderer', import.meta.url)),
    emptyOutDir: true,
    // electron-vite leaves the renderer unminified by default; both hosts ship the same minified bundle.
    minify: true,
    chunkSizeWarningLimit: 1500,
  },
} satisfies UserConfig;

export default defineConfig(rendererConfig);
