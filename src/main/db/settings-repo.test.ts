import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './open-store';
import { integrityCheck, makeTempDir } from './test-kit';

let dir: string;
let file: string;
let store: Store;

beforeEach(() => {
  dir = makeTempDir();
  file = path.join(dir, 'workbench.sqlite');
  store = openStore({ file });
});
afterEach(() => {
  store.close();
  expect(integrityCheck(file)).toBe('ok');
  rmSync(dir, { recursive: true, force: true });
});

describe('SettingsRepo', () => {
  it('returns the fallback until set, then the stored JSON value, across reopen', () => {
    expect(store.settings.get('concurrency', 1)).toBe(1);
    store.settings.set('concurrency', 2);
    store.settings.set('concurrency', 3);
    store.settings.set('ui', { theme: 'dark', panels: ['a', 'b'] });
    store.close();
    store = openStore({ file });
    expect(store.settings.get('concurrency', 1)).toBe(3);
    expect(store.settings.all()).toEqual({ concurrency: 3, ui: { theme: 'dark', panels: ['a', 'b'] } });
    store.settings.delete('ui');
    expect(store.settings.get('ui', null)).toBeNull();
  });
});
