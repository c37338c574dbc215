import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

/**
 * The browser host's backend, built once (`npm run build:serve`) into out/serve/ as plain JavaScript, as the
 * Electron build does for its main process: the host, the engine process it forks and the CSV import worker,
 * each an entry of its own (they run in separate processes and threads). Packages stay in node_modules.
 */
export default defineConfig({
  build: {
    ssr: true,
    outDir: fileURLToPath(new URL('./out/serve', import.meta.url)),
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rollupOptions: {
      input: {
        serve: 'src/main/http/serve.ts',
        engine: 'src/main/engine-host/engine-host.ts',
        'csv-import-worker': 'src/main/datasets/csv-import-worker.ts',
      },
      external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`), ...Object.keys(pkg.dependencies)],
      // Shared chunks next to the entries: code that finds a sibling file through import.meta.url finds it.
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});
