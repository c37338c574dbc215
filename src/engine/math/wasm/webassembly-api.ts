/**
 * The few WebAssembly JS-API types the kernels need. The engine compiles without DOM or Node typings, and
 * reading the global through globalThis also copes with hosts that have no WebAssembly at all.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  /** Grows by `pages` × 64 KiB; throws RangeError when the host refuses. */
  grow(pages: number): number;
}

export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => WasmInstance;
}

export const WASM_PAGE_BYTES = 65536;

/** Compiles and instantiates synchronously; null when the host lacks WebAssembly or rejects the module (no SIMD). */
export function instantiateSync(bytes: Uint8Array): WasmInstance | null {
  const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (!api) return null;
  try {
    return new api.Instance(new api.Module(bytes), {});
  } catch {
    return null;
  }
}
