/**
 * Where the Electron binary is, without `require('electron')`: that module downloads the binary when it is
 * missing, and the tests must never reach for the network.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

export function electronBinaryPath(): string | null {
  let pkgDir: string;
  try {
    pkgDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) return path.join(override, relative ?? 'electron');
  return relative ? path.join(pkgDir, 'dist', relative) : null;
}

let available: boolean | undefined;

/** True when the binary exists and runs (`--version` as plain Node, so no window and no display needed). */
export function electronBinaryAvailable(): boolean {
  if (available !== undefined) return available;
  const bin = electronBinaryPath();
  available = bin !== null && existsSync(bin)
    && spawnSync(bin, ['--version'], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, timeout: 30_000 }).status === 0;
  return available;
}

export const NO_ELECTRON = 'No Electron binary: node_modules/electron has no downloaded dist (path.txt missing or its file absent); the browser project covers the same journeys';
