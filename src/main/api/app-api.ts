import { availableParallelism } from 'node:os';
import type { ApiContext, Handlers } from './api-context';

export function appHandlers(ctx: ApiContext): Pick<Handlers, 'app.info'> {
  return {
    'app.info': () => ({
      version: ctx.version,
      // Training runs in engine processes, which pick their kernels themselves (WebAssembly when available).
      kernels: 'per engine process',
      dataFile: ctx.store.file,
      transport: ctx.transport,
      cores: availableParallelism(),
    }),
  };
}
