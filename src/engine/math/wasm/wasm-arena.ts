import type { FloatArray } from '../matrix';
import { WASM_PAGE_BYTES, type WasmMemory } from './webassembly-api';

const ALIGN = 64;

/**
 * Lays out one call's buffers in the module's linear memory, starting afresh at `base` on every call
 * (kernels do not keep data between calls), and grows the memory when they do not fit.
 */
export class WasmArena {
  /** The memory's buffer, fetched again only after a grow: the getter is not free (a shared memory's allocates). */
  private buffer: ArrayBuffer;

  constructor(private readonly memory: WasmMemory, private readonly base: number) {
    this.buffer = memory.buffer;
  }

  /** Addresses of consecutive cache-line aligned blocks of the given sizes, or null when memory cannot grow. */
  reserve(...sizes: number[]): number[] | null {
    let top = this.base;
    const addresses = sizes.map((bytes) => {
      const at = top;
      top = Math.ceil((at + bytes) / ALIGN) * ALIGN;
      return at;
    });
    const missing = top - this.buffer.byteLength;
    if (missing > 0) {
      try {
        this.memory.grow(Math.ceil(missing / WASM_PAGE_BYTES));
      } catch {
        return null; // beyond the host's or wasm32's limit: the caller falls back to JavaScript
      }
      this.buffer = this.memory.buffer;
    }
    return addresses;
  }

  /** A view of `length` elements at `address`, of the same element type as `like`. Invalidated by reserve(). */
  view<T extends FloatArray>(like: T, address: number, length: number): T {
    const Ctor = like instanceof Float64Array ? Float64Array : Float32Array;
    return new Ctor(this.buffer, address, length) as T;
  }

  float64(address: number, length: number): Float64Array {
    return new Float64Array(this.buffer, address, length);
  }
}
