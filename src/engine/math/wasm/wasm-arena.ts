import type { DType, FloatArray } from '../matrix';
import { WASM_PAGE_BYTES, type WasmMemory } from './webassembly-api';

const ALIGN = 64;

const align = (bytes: number): number => Math.ceil(bytes / ALIGN) * ALIGN;

/** A free range [start, end) of the memory. */
interface Span {
  start: number;
  end: number;
}

/**
 * The module's linear memory above `base`, in two kinds of blocks:
 * - one call's scratch (reserve): laid out afresh on every call, since kernels keep no data between calls;
 * - resident arrays (resident): arrays that live in the memory, so kernels work on them in place instead of
 *   copying them in and out on every call. Each is freed when it is garbage collected. Only a shared memory
 *   has them: growing any other memory detaches its buffer, and with it every view of it.
 * Blocks come first-fit from a list of free spans, and the memory grows when none fits.
 */
export class WasmArena {
  /** The memory's buffer, fetched again only after a grow: the getter is not free (a shared memory's allocates). */
  private buffer: ArrayBuffer | SharedArrayBuffer;
  /** Free spans, sorted and never adjacent. */
  private readonly free: Span[];
  private end: number;
  private scratch: Span = { start: 0, end: 0 };
  /** The buffers resident arrays were made on (a shared memory's getter returns a new object after a grow). */
  private readonly residentBuffers = new WeakSet<ArrayBufferLike>();
  /** The latest of them: nearly every resident array is on it, and comparing is cheaper than the set's lookup. */
  private latestResidentBuffer: ArrayBufferLike | null = null;
  private readonly collector = new FinalizationRegistry<Span>((span) => this.release(span));
  private readonly shared: boolean;

  constructor(private readonly memory: WasmMemory, base: number) {
    this.buffer = memory.buffer;
    this.shared = typeof SharedArrayBuffer !== 'undefined' && this.buffer instanceof SharedArrayBuffer;
    this.end = this.buffer.byteLength;
    const start = align(base);
    this.free = start < this.end ? [{ start, end: this.end }] : [];
  }

  /** Addresses of consecutive cache-line aligned blocks of the given sizes, or null when memory cannot grow. */
  reserve(...sizes: number[]): number[] | null {
    let total = 0;
    const offsets = sizes.map((bytes) => {
      const at = total;
      total = align(at + bytes);
      return at;
    });
    if (total > this.scratch.end - this.scratch.start) {
      this.release(this.scratch);
      this.scratch = { start: 0, end: 0 };
      const start = this.allocate(total);
      if (start === null) return null;
      this.scratch = { start, end: start + total };
    }
    return offsets.map((at) => this.scratch.start + at);
  }

  /** A view of `length` elements at `address`, of the same element type as `like`. Invalidated by reserve(). */
  view<T extends FloatArray>(like: T, address: number, length: number): T {
    const Ctor = like instanceof Float64Array ? Float64Array : Float32Array;
    return new Ctor(this.buffer as ArrayBuffer, address, length) as T;
  }

  float64(address: number, length: number): Float64Array {
    return new Float64Array(this.buffer as ArrayBuffer, address, length);
  }

  uint32(address: number, length: number): Uint32Array {
    return new Uint32Array(this.buffer as ArrayBuffer, address, length);
  }

  /** A zero-filled array of `length` elements of `dtype` in the memory, or null (not shared, or full). */
  resident(dtype: DType, length: number): FloatArray | null {
    const Ctor = dtype === 'float64' ? Float64Array : Float32Array;
    const bytes = align(Math.max(1, length) * Ctor.BYTES_PER_ELEMENT);
    const start = this.shared ? this.allocate(bytes) : null;
    if (start === null) return null;
    const array = new Ctor(this.buffer as ArrayBuffer, start, length);
    array.fill(0); // a block may have been another array's
    this.residentBuffers.add(array.buffer);
    this.latestResidentBuffer = array.buffer;
    this.collector.register(array, { start, end: start + bytes });
    return array;
  }

  /** The address of `a` in the memory when it is a resident array (or a view of one), else -1. */
  addressOf(a: FloatArray): number {
    const buffer = a.buffer;
    return buffer === this.latestResidentBuffer || this.residentBuffers.has(buffer) ? a.byteOffset : -1;
  }

  /** Start of a free block of `bytes` (a multiple of ALIGN), growing the memory when none is large enough. */
  private allocate(bytes: number): number | null {
    let i = this.free.findIndex((s) => s.end - s.start >= bytes);
    if (i < 0 && !this.grow(bytes)) return null;
    if (i < 0) i = this.free.length - 1;
    const span = this.free[i];
    const start = span.start;
    span.start += bytes;
    if (span.start === span.end) this.free.splice(i, 1);
    return start;
  }

  /** Grows the memory so that its last free span (extended to the end) holds `bytes`. */
  private grow(bytes: number): boolean {
    const last = this.free[this.free.length - 1];
    const tail = last && last.end === this.end ? last : null;
    const missing = bytes - (tail ? tail.end - tail.start : 0);
    const pages = Math.ceil(missing / WASM_PAGE_BYTES);
    try {
      this.memory.grow(pages);
    } catch {
      return false; // beyond the host's or wasm32's limit: the caller falls back to JavaScript
    }
    const end = this.end + pages * WASM_PAGE_BYTES;
    if (tail) tail.end = end;
    else this.free.push({ start: this.end, end });
    this.end = end;
    this.buffer = this.memory.buffer;
    return true;
  }

  /** Returns a block to the free spans, merged with its neighbours. */
  private release({ start, end }: Span): void {
    if (end <= start) return;
    let i = 0;
    while (i < this.free.length && this.free[i].start < start) i++;
    const before = this.free[i - 1];
    const after = this.free[i];
    if (before && before.end === start && after && after.start === end) {
      before.end = after.end;
      this.free.splice(i, 1);
    } else if (before && before.end === start) before.end = end;
    else if (after && after.start === end) after.start = start;
    else this.free.splice(i, 0, { start, end });
  }
}
