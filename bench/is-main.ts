import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** True when the module at `moduleUrl` is the script Node was started with (so bench scripts double as modules). */
export function isMain(moduleUrl: string): boolean {
  return !!process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === moduleUrl;
}
