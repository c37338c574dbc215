import { availableParallelism } from 'node:os';
import type { ApiContext, Handlers } from './api-context';

export function appHandlers(ctx: ApiContext): Pick<Handlers, 'app.info'> {
  return {
    'app.info': () => ({
      version: ctx.version,
      kernels: ctx.kernels(),
      dataFile: ctx.store.file,
      transport: ctx.transport,
      cores: availableParallelism(),
      dataDamage: ctx.store.damage()?.message ?? null,
    }),
  };
}
