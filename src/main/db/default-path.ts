import { homedir } from 'node:os';
import path from 'node:path';

const APP_DIR_NAME = 'Neural Workbench';
export const STORE_FILE_NAME = 'workbench.sqlite';

/**
 * Electron's `app.getPath('userData')` for an app named "Neural Workbench", computed without Electron so the
 * browser host and the desktop app open the same file.
 */
export function defaultUserDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32') {
    return path.win32.join(env.APPDATA || path.win32.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(home, '.config'), APP_DIR_NAME);
}

export interface StoreLocation {
  /** Exact database file; wins over `dir`. */
  file?: string;
  /** Directory that holds `workbench.sqlite`; defaults to the user-data directory. */
  dir?: string;
}

export function resolveStoreFile(location: StoreLocation = {}): string {
  if (location.file) return path.resolve(location.file);
  return path.resolve(location.dir ?? defaultUserDataDir(), STORE_FILE_NAME);
}
