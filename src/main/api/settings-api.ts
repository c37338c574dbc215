import { defaultConcurrency } from '../runs/run-manager';
import type { Store } from '../db/open-store';
import type { ApiContext, Handlers } from './api-context';

const CONCURRENCY_KEY = 'concurrency';

/** How many runs train at once: saved, default one less than the cores. */
export function savedConcurrency(store: Store): number {
  const value = store.settings.get<unknown>(CONCURRENCY_KEY, null);
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : defaultConcurrency();
}

export function settingsHandlers(ctx: ApiContext): Pick<Handlers, 'settings.get' | 'settings.update'> {
  return {
    'settings.get': () => ({ concurrency: savedConcurrency(ctx.store) }),
    'settings.update': ({ concurrency }) => {
      if (concurrency !== undefined) {
        ctx.store.settings.set(CONCURRENCY_KEY, concurrency);
        ctx.runs.setConcurrency(concurrency);
      }
      return { concurrency: savedConcurrency(ctx.store) };
    },
  };
}
