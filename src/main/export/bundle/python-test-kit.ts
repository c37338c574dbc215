/**
 * For the tests (vitest and Playwright): runs a bundle's train.py with a real Python and PyTorch, on one process or
 * several started here with the standard torch.distributed variables (Debian's torch 1.13 `torchrun` fails on
 * Python 3.11, so the ranks are started the way torchrun would start them), gloo on 127.0.0.1.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

const PYTHON = process.env.NW_PYTHON ?? '/usr/bin/python3';

/** Why train.py cannot run here (no such Python, or no torch/numpy), or null when it can. */
export function torchUnavailable(python = PYTHON): string | null {
  const r = spawnSync(python, ['-c', 'import torch, numpy, torch.distributed as d; assert d.is_gloo_available(); print(torch.__version__)'], { encoding: 'utf8', timeout: 60_000 });
  if (r.status === 0) return null;
  const why = (r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n').at(-1);
  return `${python} with torch (gloo) and numpy is not available: ${why}`;
}

/** A free TCP port on the loopback interface for MASTER_PORT. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface TrainPyRun {
  /** Wall-clock time from starting the processes to the last one ending. */
  ms: number;
  /** Rank 0's output. */
  stdout: string;
}

/**
 * `python train.py [args]` in `dir` on `processes` ranks, one thread each; rejects with the ranks' output when one
 * fails or the time runs out (every rank is then killed).
 */
export async function runTrainPy(
  dir: string, options: { processes: number; args?: string[]; timeoutMs?: number; python?: string },
): Promise<TrainPyRun> {
  const { processes, args = [], timeoutMs = 300_000, python = PYTHON } = options;
  const port = await freePort();
  const started = performance.now();
  const ranks = Array.from({ length: processes }, (_, rank) => {
    const env = {
      ...process.env, OMP_NUM_THREADS: '1', PYTHONUNBUFFERED: '1',
      ...(processes > 1 ? {
        RANK: String(rank), LOCAL_RANK: String(rank), WORLD_SIZE: String(processes), LOCAL_WORLD_SIZE: String(processes),
        MASTER_ADDR: '127.0.0.1', MASTER_PORT: String(port), GLOO_SOCKET_IFNAME: 'lo',
      } : {}),
    };
    const child = spawn(python, ['train.py', ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const done = new Promise<number>((resolve) => child.once('close', (code) => resolve(code ?? -1)));
    return { child, done, output: () => output };
  });
  const timer = setTimeout(() => ranks.forEach((r) => r.child.kill('SIGKILL')), timeoutMs);
  try {
    const codes = await Promise.all(ranks.map((r) => r.done));
    if (codes.some((c) => c !== 0)) {
      throw new Error(`train.py failed (exit codes ${codes.join(', ')}):\n${ranks.map((r, i) => `--- rank ${i}\n${r.output().slice(-4000)}`).join('\n')}`);
    }
  } finally {
    clearTimeout(timer);
  }
  return { ms: performance.now() - started, stdout: ranks[0].output() };
}
