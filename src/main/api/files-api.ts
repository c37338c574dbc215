import path from 'node:path';
import { ApiError } from './api-error';
import type { ApiContext, Handlers } from './api-context';

/** Files come from the native dialog (Electron) or from uploads (browser host, see http/upload). */
export function fileHandlers(ctx: ApiContext): Pick<Handlers, 'files.openCsvDialog'> {
  return {
    'files.openCsvDialog': async () => {
      if (!ctx.openCsvDialog) throw new ApiError('BAD_REQUEST', 'the file dialog exists only in the desktop app; upload the file instead');
      const picked = await ctx.openCsvDialog();
      return picked === null ? null : ctx.files.register(picked, path.basename(picked));
    },
  };
}
