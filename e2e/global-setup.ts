/**
 * Builds what the journeys load, once per `playwright test`: the browser host (its backend in out/serve/) and
 * the renderer, and the whole Electron app (main, preload and the same renderer) when an Electron binary is
 * there to run it.
 */
import { execSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { electronBinaryAvailable, NO_ELECTRON } from './support/electron';

export default function globalSetup(): void {
  const electron = electronBinaryAvailable();
  if (!electron) console.log(`[electron project] every journey is skipped. ${NO_ELECTRON}.`);
  const cwd = fileURLToPath(new URL('../', import.meta.url));
  execSync('npm run -s build:serve', { cwd, stdio: 'inherit' });
  const script = electron ? 'build' : 'build:web';
  execSync(`npm run -s ${script} -- --logLevel warn`, { cwd, stdio: 'inherit' });
}
