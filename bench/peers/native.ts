/**
 * numpy and PyTorch as benchmark peers: bench/peers/native_peers.py under Debian's /usr/bin/python3, on 1 and 2
 * threads (the BLAS's and torch's own), fed with the engine's own data for each workload so that both sides
 * compute on the same numbers. They are peers, not dependencies: without that Python, numpy or torch the section
 * prints why and is skipped.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../../src/engine/math/random';
import { initHidden } from '../../src/engine/trainers/elm/init-hidden';
import { type Figures, median, type SectionOptions } from '../measure';
import { SEEDS, synthetic, W1_SAMPLES, W1S, W2_SIZE } from '../workloads';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./native_peers.py', import.meta.url));

/** Which of the two libraries this Python has, or why it cannot run them. */
export function nativePeersAvailable(python = PYTHON): { numpy: string | null; torch: string | null } | { missing: string } {
  if (!existsSync(python)) return { missing: `${python} not found` };
  const probe = spawnSync(python, ['-c', [
    'import json', 'out = {}',
    'try:\n import numpy; out["numpy"] = numpy.__version__\nexcept ImportError: out["numpy"] = None',
    'try:\n import torch; out["torch"] = torch.__version__\nexcept ImportError: out["torch"] = None',
    'print(json.dumps(out))',
  ].join('\n')], { encoding: 'utf8' });
  if (probe.status !== 0) return { missing: `${python} failed: ${probe.stderr.trim().split('\n').pop()}` };
  const versions = JSON.parse(probe.stdout) as { numpy: string | null; torch: string | null };
  return versions.numpy ? versions : { missing: `${python} has no numpy` };
}

const f32 = (a: ArrayLike<number>): Buffer => Buffer.from(Float32Array.from(a).buffer);

/** The workloads' data as float32 files in `dir`, generated exactly as bench/workloads.ts does for the engine. */
function writePeerData(dir: string, workloads: string[], hiddenSizes: number[]): void {
  if (workloads.includes('W1')) {
    const s = synthetic(W1_SAMPLES, 784, 10, SEEDS.w1).train;
    writeFileSync(join(dir, 'w1_x.f32'), f32(s.x.data));
    writeFileSync(join(dir, 'w1_y.f32'), f32(s.y.data));
  }
  if (workloads.includes('W1s')) {
    const s = synthetic(W1S.samples, 8, 0, SEEDS.w1s).train;
    writeFileSync(join(dir, 'w1s_x.f32'), f32(s.x.data));
    writeFileSync(join(dir, 'w1s_y.f32'), f32(s.y.data));
  }
  if (workloads.includes('W2')) {
    const { n, d, outputs } = W2_SIZE;
    const s = synthetic(n, d, outputs, SEEDS.w2).train;
    writeFileSync(join(dir, 'w2_x.f32'), f32(s.x.data));
    writeFileSync(join(dir, 'w2_t.f32'), f32(s.y.data));
    for (const hiddenUnits of hiddenSizes) {
      // The hidden layer train-elm draws for seed 0 (bench/workloads.ts w2 trains with seed 0).
      const hidden = initHidden({ activation: 'sigmoid', hiddenUnits, init: 'uniform' }, d, new Rng(0));
      if (hidden.activation === 'rbf') throw new Error('unreachable: W2 is a sigmoid ELM');
      writeFileSync(join(dir, `w2_w${hiddenUnits}.f32`), f32(hidden.weights.data));
      writeFileSync(join(dir, `w2_b${hiddenUnits}.f32`), f32(hidden.biases));
    }
  }
}

interface PeerOutput {
  versions: { numpy: string; torch: string | null; threads: number };
  numpy: Figures;
  torch: Figures;
}

/** Runs the script once with `threads` threads; its stderr lines go to the bench's log as they come. */
function runScript(dir: string, threads: number, workloads: string[], hiddenSizes: number[], o: SectionOptions): Promise<PeerOutput> {
  const env = { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) };
  const child = spawn(PYTHON, [
    SCRIPT, '--data', dir, '--threads', String(threads), '--runs', String(o.runs),
    '--workloads', workloads.join(','), '--hidden', hiddenSizes.join(','),
  ], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let pending = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    const lines = (pending + s).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) o.log(line);
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (pending) o.log(pending);
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) reject(new Error(`${SCRIPT} exited with ${code}`));
      else resolve(JSON.parse(last) as PeerOutput);
    });
  });
}

/**
 * Rounds of the engine's ridge fit and numpy's (2 threads), one right after the other, so that each ratio compares
 * the two in the same minute: on a shared machine whose speed drifts, sections minutes apart do not. Returns the
 * rounds and the median of their ratios; null when numpy is missing.
 */
export async function pairedRidgeRounds(
  o: SectionOptions, engineRidgeSec: () => Promise<number>, rounds = o.runs,
): Promise<{ engineSec: number[]; numpySec: number[]; ratio: number } | null> {
  const found = nativePeersAvailable();
  if ('missing' in found) return null;
  const dir = mkdtempSync(join(tmpdir(), 'nw-bench-paired-'));
  const engineSec: number[] = [];
  const numpySec: number[] = [];
  try {
    writePeerData(dir, ['W2'], [W2_SIZE.hidden]);
    const threads = Math.min(2, Math.max(1, cpus().length));
    for (let r = 0; r < rounds; r++) {
      engineSec.push(await engineRidgeSec());
      const quiet = { ...o, runs: 1, log: () => {} };
      numpySec.push((await runScript(dir, threads, ['W2ridge'], [W2_SIZE.hidden], quiet)).numpy.W2.ridgeSec);
      o.log(`  round ${r + 1}: engine ${engineSec[r].toFixed(3)} s, numpy (${threads} threads) ${numpySec[r].toFixed(3)} s`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { engineSec, numpySec, ratio: median(engineSec.map((e, i) => e / numpySec[i])) };
}

export interface NativePeers {
  /** "numpy 1.24.2, 1 thread" … per key of `figures`. */
  labels: Record<string, string>;
  /** numpy1, numpy2, torch1, torch2: the workloads' figures with 1 and 2 threads. */
  figures: Record<string, Figures>;
}

/** numpy and torch on the wanted workloads with 1 and 2 threads (as many as the cores allow); null when skipped. */
export async function benchNativePeers(o: SectionOptions, hiddenSizes = [W2_SIZE.hidden, 2 * W2_SIZE.hidden]): Promise<NativePeers | null> {
  const found = nativePeersAvailable();
  if ('missing' in found) {
    o.log(`numpy/PyTorch peers skipped: ${found.missing}`);
    return null;
  }
  if (!found.torch) o.log(`PyTorch peers skipped: ${PYTHON} has no torch (numpy ${found.numpy} runs)`);
  const workloads = ['W1', 'W1s', 'W2', 'W3'].filter((w) => o.wanted(w));
  const dir = mkdtempSync(join(tmpdir(), 'nw-bench-peers-'));
  const out: NativePeers = { labels: {}, figures: {} };
  try {
    writePeerData(dir, workloads, hiddenSizes);
    for (const threads of [1, 2].filter((t) => t <= Math.max(1, cpus().length))) {
      o.log(`numpy ${found.numpy}${found.torch ? ` and PyTorch ${found.torch}` : ''}, ${threads} thread${threads > 1 ? 's' : ''} (${PYTHON})`);
      const r = await runScript(dir, threads, workloads, hiddenSizes, o);
      const suffix = `${threads} thread${threads > 1 ? 's' : ''}`;
      out.figures[`numpy${threads}`] = r.numpy;
      out.labels[`numpy${threads}`] = `numpy ${r.versions.numpy}, ${suffix}`;
      if (r.versions.torch) {
        out.figures[`torch${threads}`] = r.torch;
        out.labels[`torch${threads}`] = `PyTorch ${r.versions.torch}, ${suffix}`;
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
