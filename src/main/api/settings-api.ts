import { THEMES, type AppSettings, type Theme } from '../../shared/api';
import { defaultConcurrency } from '../runs/run-manager';
import type { Store } from '../db/open-store';
import type { ApiContext, Handlers } from './api-context';

const CONCURRENCY_KEY = 'concurrency';
const THEME_KEY = 'theme';

/** How many runs train at once: saved, default one less than the cores. */
export function savedConcurrency(store: Store): number {
  const value = store.settings.get<unknown>(CONCURRENCY_KEY, null);
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : defaultConcurrency();
}

function savedTheme(store: Store): Theme {
  const value = store.settings.get<unknown>(THEME_KEY, null);
  return THEMES.find((t) => t === value) ?? 'system';
}

function current(store: Store): AppSettings {
  return { concurrency: savedConcurrency(store), defaultConcurrency: defaultConcurrency(), theme: savedTheme(store) };
}

export function settingsHandlers(ctx: ApiContext): Pick<Handlers, 'settings.get' | 'settings.update'> {
  return {
    'settings.get': () => current(ctx.store),
    'settings.update': ({ concurrency, theme }) => {
      if (concurrency !== undefined) {
        ctx.store.settings.set(CONCURRENCY_KEY, concurrency);
        ctx.runs.setConcurrency(concurrency);
      }
      if (theme !== undefined) ctx.store.settings.set(THEME_KEY, theme);
      return current(ctx.store);
    },
  };
}
