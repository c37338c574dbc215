import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread running `entry`. Under tsx and vitest the entry is TypeScript source, which a worker cannot
 * load by itself (and `--import tsx` in execArgv does not reach a worker's entry on Node 20), so a one-line
 * bootstrap loads it through tsx's ESM API; a built JavaScript entry starts as it is.
 */
export function startWorker(entry: URL, options: WorkerOptions): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options);
  // require.resolve finds the CommonJS build of tsx's API, whose tsImport is broken; its ESM twin sits next to it.
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry.href)}, ${JSON.stringify(entry.href)}))`;
  return new Worker(bootstrap, { ...options, eval: true });
}
