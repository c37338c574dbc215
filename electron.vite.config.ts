import { defineConfig } from 'electron-vite';
import { rendererConfig } from './vite.renderer.config';

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: 'src/main/index.ts',
          engine: 'src/main/engine-host/engine-host.ts',
          // The CSV import runs in a worker thread; it needs its own file next to index.js.
          'csv-import-worker': 'src/main/datasets/csv-import-worker.ts',
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: 'src/preload/index.ts' },
        // A sandboxed preload cannot load ES modules, and "type": "module" would make a .js file ESM: one .cjs file.
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: rendererConfig,
});
