import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockDataDir } from './data-dir-lock';
import { StoreError } from './store-error';
import { makeTempDir } from './test-kit';

let dir: string;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function refusal(kind: 'desktop app' | 'browser host' = 'desktop app'): StoreError {
  try {
    lockDataDir(dir, kind).release();
  } catch (e) {
    return e as StoreError;
  }
  throw new Error('the second lock was granted');
}

/** A separate process holding the lock until it is killed; resolves once it has it. */
async function holder(): Promise<{ pid: number; kill: () => Promise<void> }> {
  const code = `import { lockDataDir } from ${JSON.stringify(path.resolve('src/main/db/data-dir-lock.ts'))};
    const lock = lockDataDir(${JSON.stringify(dir)}, 'browser host');
    lock.describe({ url: 'http://127.0.0.1:5555' });
    console.log('held');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', () => resolve());
    child.once('exit', (c) => reject(new Error(`holder exited with ${c}`)));
  });
  return {
    pid: child.pid!,
    kill: () => new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    }),
  };
}

describe('data folder lock', () => {
  it('refuses a second backend in this process, naming the holder, until the first releases it', () => {
    const first = lockDataDir(dir, 'browser host');
    first.describe({ url: 'http://127.0.0.1:4321' });
    const e = refusal();
    expect(e.code).toBe('DATA_DIR_IN_USE');
    expect(e.message).toContain(dir);
    expect(e.message).toContain(`browser host (process ${process.pid}, http://127.0.0.1:4321`);
    expect(e.message).toMatch(/close that one first|--data-dir/);
    first.release();
    lockDataDir(dir, 'desktop app').release();
  });

  it('refuses while another process holds it, and is free again the moment that process is killed (-9)', async () => {
    const other = await holder();
    try {
      const e = refusal();
      expect(e.code).toBe('DATA_DIR_IN_USE');
      expect(e.message).toContain(`browser host (process ${other.pid}, http://127.0.0.1:5555`);
    } finally {
      await other.kill();
    }
    // No clean-up ran in the killed process; the OS released its lock, and the stale description is overwritten.
    const next = lockDataDir(dir, 'desktop app');
    next.release();
    expect(existsSync(path.join(dir, 'workbench.lock.json'))).toBe(false);
  });
});
