#!/usr/bin/env node
// npm start: builds better-sqlite3 for Electron's ABI (only when the last build was for something else), builds
// main/preload/renderer with electron-vite, and launches Electron.
//
// The native module can be built for one runtime at a time. `npm test` (scripts/run-tests.mjs) must rebuild it
// for Node when this script left it built for Electron; the check is:
//   node -e "new (require('better-sqlite3'))(':memory:').close()"   # fails with NODE_MODULE_VERSION ⇒ npm rebuild better-sqlite3
// This script records what it built for in node_modules/.nwb-sqlite-runtime ("electron-<version>"; a Node rebuild
// should write "node-<process.versions.modules>" or delete the file).
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const MARKER = 'node_modules/.nwb-sqlite-runtime';
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const wanted = `electron-${electronVersion}`;

function run(cmd, args) {
  console.log(`> ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!existsSync(MARKER) || readFileSync(MARKER, 'utf8').trim() !== wanted) {
  run('npm', ['rebuild', 'better-sqlite3', '--runtime=electron', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers']);
  writeFileSync(MARKER, wanted);
}
run('npx', ['electron-vite', 'build']);

// The electron package's main export is the path of its binary.
const electronBinary = require('electron');
const child = spawn(electronBinary, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
