/**
 * `npm run serve [-- --port N --data-dir DIR]`: the workbench in a browser. Prints one line with the address
 * (a one-time code included) on stdout, and another such line each time Enter is pressed; logs go to stderr.
 * `npm run serve` runs the build of this file (out/serve/serve.js, see vite.serve.config.ts); under tsx the
 * source runs as it is.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createBackend } from '../api/backend';
import { defaultUserDataDir } from '../db/default-path';
import { ENGINE_HOST_SOURCE, forkEngineLauncher } from '../runs/engine-process';
import { startHttpHost } from './http-host';

const HERE = fileURLToPath(import.meta.url);
/** Built (out/serve/serve.js) or run as source: the app's root is the nearest folder with package.json. */
const ROOT = appRoot(path.dirname(HERE));
/** The built host forks the engine built beside it; the source forks the engine's source through tsx. */
const ENGINE_ENTRY = HERE.endsWith('.ts') ? fileURLToPath(ENGINE_HOST_SOURCE) : path.join(path.dirname(HERE), 'engine.js');

function appRoot(dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, 'package.json'))) return d;
    if (path.dirname(d) === d) throw new Error(`no package.json above ${dir}`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '0' }, 'data-dir': { type: 'string' } },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port ${values.port}: expected 0…65535`);
  const dataDir = path.resolve(values['data-dir'] ?? defaultUserDataDir());
  const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

  const backend = createBackend({
    dataDir, samplesDir: path.join(ROOT, 'resources', 'samples'), launch: forkEngineLauncher({ entry: ENGINE_ENTRY }), warmSpare: true, transport: 'http', version,
  });
  if (backend.recovered > 0) console.error(`${backend.recovered} run(s) from the last session were marked interrupted`);
  const host = await startHttpHost({
    api: backend.api, files: backend.files, port, staticDir: path.join(ROOT, 'out', 'renderer'),
  });
  backend.describeOwner({ url: `http://127.0.0.1:${host.port}` });
  console.log(`Neural Workbench: ${host.url}`);
  console.error('Each link opens the workbench once; press Enter here for a fresh one.');
  createInterface({ input: process.stdin }).on('line', () => console.log(`Neural Workbench: ${host.freshLink()}`));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`${signal}: shutting down`);
    host.close()
      .then(() => backend.close(`the browser host was stopped (${signal}) before the run finished`))
      .then(() => process.exit(0), (e: unknown) => {
        console.error(e);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(`Neural Workbench could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
