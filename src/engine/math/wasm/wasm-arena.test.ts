import { describe, expect, it } from 'vitest';
import { WasmArena } from './wasm-arena';
import type { WasmMemory } from './webassembly-api';

// The JS API's Memory constructor, typed locally (no DOM lib here, and @types/node declares WebAssembly as types only).
const { Memory } = (globalThis as unknown as {
  WebAssembly: { Memory: new (limits: { initial: number; maximum: number }) => WasmMemory };
}).WebAssembly;

describe('WasmArena', () => {
  it('lays blocks out 64-byte aligned from the base and grows memory to fit them', () => {
    const memory = new Memory({ initial: 1, maximum: 4 });
    const arena = new WasmArena(memory, 100);
    expect(arena.reserve(10, 70000, 1)).toEqual([100, 128, 70144]);
    expect(memory.buffer.byteLength).toBe(2 * 65536);
    const view = arena.view(new Float32Array(0), 128, 3);
    view.set([1, 2, 3]);
    expect(Array.from(arena.view(new Float64Array(0), 128, 1))).toEqual(Array.from(new Float64Array(view.buffer, 128, 1)));
    expect(arena.float64(128, 2).length).toBe(2);
  });

  it('returns null instead of throwing when memory cannot grow that far', () => {
    const memory = new Memory({ initial: 1, maximum: 2 });
    const arena = new WasmArena(memory, 0);
    expect(arena.reserve(3 * 65536)).toBeNull();
    expect(arena.reserve(65536, 64)).toEqual([0, 65536]);
  });
});
