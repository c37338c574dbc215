import type { KnipConfig } from 'knip';

/**
 * Unused files, exports and dependencies (`npm run lint` runs both passes):
 * - `knip`: what nothing imports, tests and benchmarks included; an export used only in its own file is
 *   reported too (drop the `export`).
 * - `knip --production --exclude types`: production code that only tests or benchmarks use (move it to a test
 *   kit). Here an export its own file uses is fine (it is exported for a test to check it directly), and so is
 *   a type only tests name (types leave no code behind).
 * Entries marked `!` are production code. Test kits (`src/engine/testing/`, `*test-kit.ts`) are not.
 */
const production = process.argv.includes('--production');

const config: KnipConfig = {
  entry: [
    // Electron main process, browser host, engine process, CSV import worker, preload, renderer, CLI.
    'src/main/index.ts!',
    'src/main/http/serve.ts!',
    'src/main/engine-host/engine-host.ts!',
    'src/main/datasets/csv-import-worker.ts!',
    'src/preload/index.ts!',
    'src/renderer/src/main.ts!',
    'src/cli/main.ts!',
    // Development tools: benchmarks (each also runs on its own with `npx tsx`) and scripts.
    'bench/run.ts',
    'bench/kernels.ts',
    'bench/csv-import.ts',
    'bench/run-overhead.ts',
    'bench/epoch-overhead.ts',
    'scripts/*.mjs',
  ],
  project: [
    'src/**/*.{ts,vue}!',
    '!src/**/*.test.ts!',
    '!src/engine/testing/**!',
    '!src/**/*test-kit.ts!',
    'bench/**/*.ts',
    'e2e/**/*.ts',
    'scripts/*.mjs',
  ],
  // AssemblyScript (compiled by scripts/build-kernels.mjs, not imported); the generated files are git-ignored.
  ignore: ['src/engine/math/wasm/assembly/**'],
  // The full-disk tests mount a small tmpfs (skipped with the reason where that is not allowed).
  ignoreBinaries: ['mount', 'umount'],
  ignoreExportsUsedInFile: production,
};

export default config;
