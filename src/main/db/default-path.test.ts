import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultUserDataDir, resolveStoreFile } from './default-path';

describe('defaultUserDataDir (Electron userData for "Neural Workbench")', () => {
  it('uses XDG_CONFIG_HOME on Linux when set, else ~/.config', () => {
    expect(defaultUserDataDir('linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/ana')).toBe('/xdg/Neural Workbench');
    expect(defaultUserDataDir('linux', {}, '/home/ana')).toBe('/home/ana/.config/Neural Workbench');
    expect(defaultUserDataDir('linux', { XDG_CONFIG_HOME: '' }, '/home/ana')).toBe('/home/ana/.config/Neural Workbench');
  });

  it('uses Application Support on macOS', () => {
    expect(defaultUserDataDir('darwin', { XDG_CONFIG_HOME: '/xdg' }, '/Users/ana')).toBe(
      '/Users/ana/Library/Application Support/Neural Workbench',
    );
  });

  it('uses %APPDATA% on Windows', () => {
    expect(defaultUserDataDir('win32', { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'C:\\Users\\ana')).toBe(
      'C:\\Users\\ana\\AppData\\Roaming\\Neural Workbench',
    );
  });
});

describe('resolveStoreFile', () => {
  it('prefers an explicit file, then a directory, then the user-data directory', () => {
    expect(resolveStoreFile({ file: '/tmp/a/x.sqlite', dir: '/tmp/b' })).toBe('/tmp/a/x.sqlite');
    expect(resolveStoreFile({ dir: '/tmp/b' })).toBe('/tmp/b/workbench.sqlite');
    expect(resolveStoreFile()).toBe(path.join(defaultUserDataDir(), 'workbench.sqlite'));
  });
});
