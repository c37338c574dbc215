import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { base64ToBytes } from '../../engine/math/encode';
import { KERNELS_SIMD_SHARED_WASM_BASE64 } from '../../engine/math/wasm/kernels-wasm.generated';
import { compileSync, createSharedMemory, instantiate, WASM_PAGE_BYTES } from '../../engine/math/wasm/webassembly-api';
import { kernelTeamStarter } from './kernel-team';

setFlagsFromString('--experimental-wasm-relaxed-simd');

/** The shared-memory build, instantiated here and on one helper thread, on one shared memory. */
function setUp() {
  const module = compileSync(base64ToBytes(KERNELS_SIMD_SHARED_WASM_BASE64));
  const memory = createSharedMemory(128);
  if (!module || !memory) throw new Error('the shared-memory build does not load in this Node');
  const local = instantiate(module, { env: { memory } });
  const team = kernelTeamStarter(1)(module, memory);
  if (!local || !team) throw new Error('no kernel team');
  const exports = local.exports as { heapBase(): number; workspaceBytes(): number };
  return { memory, team, base: Math.ceil(exports.heapBase() / 64) * 64, workBytes: exports.workspaceBytes() };
}

/** Arguments of gemmF32 for C[m×n] = A·B with everything laid out after `at`. */
function gemmArgs(at: number, m: number, k: number, n: number, workBytes: number) {
  const a = at + workBytes;
  const b = a + m * k * 4;
  const c = b + k * n * 4;
  return { a, b, c, args: [a, k, 1, b, n, 1, c, n, m, k, n, 0, at] };
}

describe('kernel team (worker_threads over shared wasm memory)', () => {
  const { memory, team, base, workBytes } = setUp();

  it('runs a call on the helper thread while the caller runs its own, writing to the shared memory', () => {
    const [m, k, n] = [9, 5, 7];
    // Two independent products in one memory: one for the helper, one for this thread.
    const helper = gemmArgs(base, m, k, n, workBytes);
    const f32 = new Float32Array(memory.buffer);
    for (let i = 0; i < m * k; i++) f32[helper.a / 4 + i] = i % 7 - 3;
    for (let i = 0; i < k * n; i++) f32[helper.b / 4 + i] = (i % 5) * 0.5;
    let localRan = false;
    team.run([{ fn: 'gemmF32', args: helper.args }], () => {
      localRan = true;
    });
    expect(localRan).toBe(true);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += f32[helper.a / 4 + i * k + p] * f32[helper.b / 4 + p * n + j];
      expect(f32[helper.c / 4 + i * n + j]).toBe(s);
    }
  });

  it('reports a helper call that traps with its message, and keeps working afterwards', () => {
    const outside = memory.buffer.byteLength + 64 * WASM_PAGE_BYTES;
    const bad = { fn: 'gemmF32' as const, args: [outside, 4, 1, outside, 4, 1, outside, 4, 4, 4, 4, 0, base] };
    expect(() => team.run([bad], () => {})).toThrow(/kernel call \(gemmF32\) failed: .*out of bounds/);
    const good = gemmArgs(base, 2, 2, 2, workBytes);
    expect(() => team.run([{ fn: 'gemmF32', args: good.args }], () => {})).not.toThrow();
  });

  it('rethrows the caller’s own error only after the helper has finished', () => {
    const job = gemmArgs(base, 64, 64, 64, workBytes);
    const f32 = new Float32Array(memory.buffer);
    f32.fill(1, job.a / 4, job.a / 4 + 64 * 64 * 2);
    expect(() => team.run([{ fn: 'gemmF32', args: job.args }], () => {
      throw new Error('local failure');
    })).toThrow('local failure');
    // The helper's product is complete: every entry is the sum of 64 ones.
    expect(new Float32Array(memory.buffer, job.c, 64 * 64).every((v) => v === 64)).toBe(true);
  });

  /*
   * The caller takes back a call its helper has not started and runs it itself; a compare-exchange decides who
   * runs it. Each call adds A·B into C, so a call run twice or not at all shows in C. An empty share on the caller
   * makes it race the helper for every call; a long one lets the helper start first.
   */
  it('runs every call exactly once, whether the helper or the caller takes it', () => {
    const [m, k, n] = [8, 4, 8];
    const job = gemmArgs(base, m, k, n, workBytes);
    const f32 = new Float32Array(memory.buffer);
    for (let i = 0; i < m * k; i++) f32[job.a / 4 + i] = (i % 5) - 2;
    for (let i = 0; i < k * n; i++) f32[job.b / 4 + i] = (i % 3) - 1;
    f32.fill(0, job.c / 4, job.c / 4 + m * n);
    const accumulate = { fn: 'gemmF32' as const, args: job.args.map((v, i) => (i === 11 ? 1 : v)) };
    const runs = 400;
    for (let r = 0; r < runs; r++) {
      const until = performance.now() + (r % 2 === 0 ? 0 : 0.05);
      team.run([accumulate], () => {
        while (performance.now() < until);
      });
    }
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += f32[job.a / 4 + i * k + p] * f32[job.b / 4 + p * n + j];
      expect(f32[job.c / 4 + i * n + j]).toBe(runs * s);
    }
  });

  /*
   * Both sides poll for a moment before they sleep (SPIN_MS), so back-to-back calls skip the wake-up. Between
   * bursts the helper must sleep: a helper that kept polling would add about its whole idle time to the process's
   * CPU time (here 300 ms, against a budget of 100 ms that leaves room for Node's own threads).
   */
  it('sleeps between calls instead of polling: an idle team uses almost no CPU', async () => {
    const job = gemmArgs(base, 8, 8, 8, workBytes);
    for (let i = 0; i < 20; i++) team.run([{ fn: 'gemmF32', args: job.args }], () => {});
    await new Promise((resolve) => setTimeout(resolve, 20));
    const before = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const used = process.cpuUsage(before);
    expect((used.user + used.system) / 1000).toBeLessThan(100);
  });

  it('refuses more calls than helpers', () => {
    const job = gemmArgs(base, 2, 2, 2, workBytes);
    expect(() => team.run([{ fn: 'gemmF32', args: job.args }, { fn: 'gemmF32', args: job.args }], () => {})).toThrow(/2 calls for 1/);
  });
});
