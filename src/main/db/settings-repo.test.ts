import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './open-store';
import { closeTempStore, openTempStore } from './test-kit';

let dir: string;
let file: string;
let store: Store;

beforeEach(() => {
  ({ dir, file, store } = openTempStore());
});
afterEach(() => closeTempStore({ dir, file, store }));

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
