import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { WasmArena } from './wasm-arena';
import type { FloatArray } from '../matrix';
import type { WasmMemory } from './webassembly-api';

// The JS API's Memory constructor, typed locally (no DOM lib here, and @types/node declares WebAssembly as types only).
const { Memory } = (globalThis as unknown as {
  WebAssembly: { Memory: new (limits: { initial: number; maximum: number; shared?: boolean }) => WasmMemory };
}).WebAssembly;

const PAGE = 65536;

/** A full garbage collection, then a turn of the event loop so that finalizers run. */
async function collectGarbage(): Promise<void> {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('WasmArena', () => {
  it('lays blocks out 64-byte aligned from the base and grows memory to fit them', () => {
    const memory = new Memory({ initial: 1, maximum: 4 });
    const arena = new WasmArena(memory, 100);
    expect(arena.reserve(10, 70000, 1)).toEqual([128, 192, 70208]);
    expect(memory.buffer.byteLength).toBe(2 * PAGE);
    const view = arena.view(new Float32Array(0), 192, 3);
    view.set([1, 2, 3]);
    expect(Array.from(arena.view(new Float64Array(0), 192, 1))).toEqual(Array.from(new Float64Array(view.buffer, 192, 1)));
    expect(arena.float64(192, 2).length).toBe(2);
  });

  it('returns null instead of throwing when memory cannot grow that far', () => {
    const memory = new Memory({ initial: 1, maximum: 2 });
    const arena = new WasmArena(memory, 0);
    expect(arena.reserve(3 * PAGE)).toBeNull();
    expect(arena.reserve(PAGE, 64)).toEqual([0, PAGE]);
  });

  it('has no resident arrays on a memory that is not shared (a grow would detach them)', () => {
    const arena = new WasmArena(new Memory({ initial: 1, maximum: 4 }), 0);
    expect(arena.resident('float32', 10)).toBeNull();
  });

  it('keeps resident arrays apart from scratch and valid across grows; knows their addresses', () => {
    const memory = new Memory({ initial: 1, maximum: 64, shared: true });
    const arena = new WasmArena(memory, 0);
    const a = arena.resident('float32', 1000) as Float32Array;
    const b = arena.resident('float64', 3) as Float64Array;
    expect(a).toBeInstanceOf(Float32Array);
    expect(b).toBeInstanceOf(Float64Array);
    expect(Array.from(b)).toEqual([0, 0, 0]);
    a.fill(7);
    b.fill(-1);
    expect(arena.addressOf(a)).toBe(a.byteOffset);
    expect(arena.addressOf(b)).toBe(b.byteOffset);
    expect(arena.addressOf(a.subarray(10))).toBe(a.byteOffset + 40);
    expect(arena.addressOf(new Float32Array(4))).toBe(-1);
    expect(b.byteOffset).toBeGreaterThanOrEqual(a.byteOffset + a.byteLength);
    // A scratch block larger than the memory: it must grow, and land on neither array.
    const [scratch] = arena.reserve(5 * PAGE) as number[];
    arena.float64(scratch, (5 * PAGE) / 8).fill(3);
    expect(memory.buffer.byteLength).toBeGreaterThanOrEqual(scratch + 5 * PAGE);
    expect(a.every((x) => x === 7)).toBe(true);
    expect(Array.from(b)).toEqual([-1, -1, -1]);
    const c = arena.resident('float32', 10) as Float32Array;
    for (const [start, bytes] of [[a.byteOffset, a.byteLength], [b.byteOffset, b.byteLength], [scratch, 5 * PAGE]]) {
      expect(c.byteOffset + c.byteLength <= start || c.byteOffset >= start + bytes).toBe(true);
    }
  });

  it('frees a resident array once it is garbage collected, and hands its block out again zero-filled', async () => {
    const arena = new WasmArena(new Memory({ initial: 1, maximum: 64, shared: true }), 0);
    const keep = arena.resident('float32', 16) as Float32Array;
    let dropped: FloatArray | null = arena.resident('float32', 4096);
    const address = (dropped as FloatArray).byteOffset;
    (dropped as FloatArray).fill(5);
    dropped = null;
    let again: FloatArray | null = null;
    for (let round = 0; round < 20 && again?.byteOffset !== address; round++) {
      await collectGarbage();
      again = arena.resident('float32', 4096);
    }
    expect(again?.byteOffset).toBe(address);
    expect((again as Float32Array).every((x) => x === 0)).toBe(true);
    expect(keep.byteOffset).toBeLessThan(address);
  });
});
