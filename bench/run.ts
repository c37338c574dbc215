/**
 * `npm run bench [-- --json] [-- --only W1,W3] [-- --runs 3]`: the engine's speed on the standard
 * workloads, median of several runs after a warm-up, printed as a table and written to
 * bench/results/<date>.json. With --json the last line of stdout is the machine-readable summary.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { kernels } from '../src/engine/math/kernels';
import { configureKernels } from '../src/main/engine-host/configure-kernels';
import { type Measured, w1, w1s, w2, w3 } from './workloads';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    only: { type: 'string' },
    runs: { type: 'string', default: '3' },
  },
});
const runs = Math.max(1, Number(values.runs));
const only = values.only ? new Set(values.only.split(',')) : null;
const wanted = (id: string) => !only || only.has(id);
const log = (line: string) => (values.json ? process.stderr : process.stdout).write(`${line}\n`);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** One warm-up, then `n` measured runs; every reported key is the median over the runs. */
async function measure(label: string, n: number, fn: () => Measured | Promise<Measured>): Promise<Measured> {
  await fn();
  const samples: Measured[] = [];
  for (let i = 0; i < n; i++) samples.push(await fn());
  const out: Measured = {};
  for (const key of Object.keys(samples[0])) out[key] = median(samples.map((s) => s[key]));
  log(`  ${label}: ${Object.entries(out).map(([k, v]) => `${k} ${v.toPrecision(4)}`).join(', ')}`);
  return out;
}

async function main(): Promise<void> {
  const kernelSet = configureKernels();
  log(`engine kernels: ${kernelSet}; ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown cpu'}); node ${process.version}; ${runs} runs + warm-up`);
  const engine: Record<string, Measured> = {};
  if (wanted('W3')) {
    const small = await measure('W3 64×784·784×256', runs, () => w3(64, 784, 256));
    const big = await measure('W3 1024³', runs, () => w3(1024, 1024, 1024));
    engine.W3 = { gflops64x784x256: small.gflops, gflops1024: big.gflops };
  }
  if (wanted('W1')) engine.W1 = await measure('W1 MLP 784-256-128-10 Adam', runs, w1);
  if (wanted('W1s')) engine.W1s = await measure('W1s MLP 8-32-1 SGD', runs, w1s);
  if (wanted('W2')) {
    const ridge = await measure('W2 ELM ridge', runs, () => w2('ridge'));
    // The SVD of a 20,000 × 1,000 matrix is slow in plain JS: one measured run.
    const pinv = await measure('W2 ELM pinv', 1, () => w2('pinv'));
    engine.W2 = { ridgeSec: ridge.totalSec, ridgeHiddenSec: ridge.hiddenSec, ridgeSolveSec: ridge.solveSec, pinvSec: pinv.totalSec };
  }

  const rows: [string, string, string][] = [
    ['W1 samples/s', fmt(engine.W1?.samplesPerSec), 'PyTorch 32,000 · sklearn 36,000 · TF.js wasm 2,500–3,100 · TF.js cpu 460'],
    ['W1s samples/s', fmt(engine.W1s?.samplesPerSec), 'sklearn 520,000 · PyTorch 270,000 · TF.js wasm 66,000'],
    ['W2 ridge s', fmt(engine.W2?.ridgeSec, 3), 'numpy/OpenBLAS 0.7–0.9'],
    ['W2 pinv s', fmt(engine.W2?.pinvSec, 3), 'numpy/OpenBLAS 7–9'],
    ['W3 64×784·784×256 GFLOPS', fmt(engine.W3?.gflops64x784x256, 3), 'OpenBLAS 165 · TF.js wasm 22–26 · plain JS 1–3'],
    ['W3 1024³ GFLOPS', fmt(engine.W3?.gflops1024, 3), 'OpenBLAS 165 · TF.js wasm 22–26 · plain JS 1–3'],
  ];
  log('');
  log(`| workload | this engine (${kernels().name}) | reference figures (same kind of machine) |`);
  log('|---|---|---|');
  for (const [w, v, ref] of rows) log(`| ${w} | ${v} | ${ref} |`);

  const result = { engine };
  mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), kernels: kernelSet, node: process.version, runs, ...result }, null, 2));
  log(`\nwritten to ${file}`);
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
}

function fmt(v: number | undefined, digits = 0): string {
  if (v === undefined) return '–';
  return digits ? v.toPrecision(digits) : Math.round(v).toLocaleString('en-US');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
