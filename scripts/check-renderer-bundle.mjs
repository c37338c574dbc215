#!/usr/bin/env node
// Builds the renderer as `npm run build:web` does (in memory) and lists every source module the bundle
// contains. Fails when any of them lies under src/engine/ outside src/engine/catalog/: the renderer may ship
// the engine's catalogs (pure data and checks), never its layers, optimizers or kernels, which run in an
// engine process. ESLint rejects such imports at the source; this catches a catalog module that pulls one in.
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const posix = (id) => relative(root, id.split('?')[0]).split(sep).join('/');

const bundled = new Set();
/**
 * Records the modules of every output chunk. Type-only imports never get there; a module imported at run
 * time is listed even when tree shaking left none of its code, since importing it is the mistake.
 */
const listModules = {
  name: 'list-bundled-modules',
  generateBundle(_options, bundle) {
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk') continue;
      for (const id of Object.keys(chunk.modules)) {
        if (!id.startsWith('\0')) bundled.add(posix(id));
      }
    }
  },
};

await build({
  configFile: fileURLToPath(new URL('../vite.renderer.config.ts', import.meta.url)),
  logLevel: 'warn',
  plugins: [listModules],
  build: { write: false },
});

const engine = [...bundled].filter((id) => id.startsWith('src/engine/')).sort();
const forbidden = engine.filter((id) => !id.startsWith('src/engine/catalog/'));
if (bundled.size === 0 || !engine.some((id) => id.startsWith('src/engine/catalog/'))) {
  // The catalogs are always in the bundle (the Train page's forms); finding none means the listing broke.
  console.error(`check-renderer-bundle: listed ${bundled.size} modules and no engine catalog: the module listing does not work`);
  process.exit(1);
}
if (forbidden.length) {
  console.error('check-renderer-bundle: the renderer bundle contains engine modules outside src/engine/catalog/:');
  for (const id of forbidden) console.error(`  ${id}`);
  process.exit(1);
}
console.log(`check-renderer-bundle: ${bundled.size} modules, ${engine.length} from the engine, all under src/engine/catalog/`);
