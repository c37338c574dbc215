#!/usr/bin/env node
// The one test command (npm test): type-check, lint, the renderer bundle check (no engine code outside the
// catalogs), unit + integration tests (vitest, once with the default kernels and once forced to the reference
// kernels) and, when present, the Playwright e2e suite.
// Each runner writes a JSON report; the last line sums their real counts as `tests: N passed, M failed`.
// A failed type-check or lint counts as one failure, so the line is never green when a gate is red.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const reports = '.tmp/test-reports';
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

let passed = 0;
let failed = 0;
const summary = [];
// Named again at the end: CI keeps only the tail of the output, and a long run buries the failure.
const failedNames = [];

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function gate(label, cmd, args) {
  const ok = run(label, cmd, args) === 0;
  summary.push(`${label}: ${ok ? 'ok' : 'FAILED'}`);
  if (!ok) failed += 1;
}

function vitest(label, file, env) {
  const status = run(label, 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`], env);
  if (!existsSync(file)) {
    summary.push(`${label}: no report (exit ${status})`);
    failed += 1;
    return;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const p = r.numPassedTests ?? 0;
  // Suites that fail to load have no test results of their own: count each as a failure.
  const f = (r.numFailedTests ?? 0) + (r.testResults ?? []).filter((t) => t.status === 'failed' && t.assertionResults.length === 0).length;
  passed += p;
  failed += f;
  if (status !== 0 && f === 0) failed += 1;
  summary.push(`${label}: ${p} passed, ${f} failed`);
  for (const file of r.testResults ?? []) {
    const failures = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
    if (file.status === 'failed' && failures.length === 0) failedNames.push(`${label}: ${file.name} (did not load: ${firstLine(file.message)})`);
    for (const t of failures) failedNames.push(`${label}: ${file.name} › ${t.fullName} (${firstLine(t.failureMessages?.[0])})`);
  }
}

function playwright(label, file) {
  const status = run(label, 'npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: file });
  if (!existsSync(file)) {
    summary.push(`${label}: no report (exit ${status})`);
    failed += 1;
    return;
  }
  const s = JSON.parse(readFileSync(file, 'utf8')).stats ?? {};
  const p = (s.expected ?? 0) + (s.flaky ?? 0);
  const f = s.unexpected ?? 0;
  passed += p;
  failed += f;
  if (status !== 0 && f === 0) failed += 1;
  summary.push(`${label}: ${p} passed, ${f} failed, ${s.skipped ?? 0} skipped`);
  for (const name of unexpectedPlaywrightTests(JSON.parse(readFileSync(file, 'utf8')).suites ?? [])) failedNames.push(`${label}: ${name}`);
}

function firstLine(text) {
  return String(text ?? 'no message').replace(/\u001b\[[0-9;]*m/g, '').split('\n')[0].slice(0, 300);
}

function unexpectedPlaywrightTests(suites, out = []) {
  for (const suite of suites) {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) if (t.status === 'unexpected') out.push(`${spec.file}:${spec.line} › ${spec.title} [${t.projectName}]`);
    }
    unexpectedPlaywrightTests(suite.suites ?? [], out);
  }
  return out;
}

// `npm start` rebuilds better-sqlite3 for Electron's ABI; the tests run under Node, so rebuild back if needed.
if (spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"]).status !== 0) {
  run('better-sqlite3 for Node', 'npm', ['rebuild', 'better-sqlite3']);
  rmSync('node_modules/.nwb-sqlite-runtime', { force: true });
}

gate('typecheck', 'npm', ['run', '-s', 'typecheck']);
gate('lint', 'npm', ['run', '-s', 'lint']);
gate('renderer bundle', 'node', ['scripts/check-renderer-bundle.mjs']);
vitest('unit+integration', `${reports}/vitest.json`, {});
vitest('engine with reference kernels', `${reports}/vitest-js-kernels.json`, { NW_KERNELS: 'js', NW_TEST_SCOPE: 'engine' });
if (existsSync('playwright.config.ts')) playwright('e2e', `${reports}/playwright.json`);

if (failedNames.length > 0) console.log('\nfailed:\n' + failedNames.map((n) => `  ${n}`).join('\n'));
console.log('\n' + summary.join('\n'));
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
