/**
 * The few WebAssembly JS-API types the kernels need. The engine compiles without DOM or Node typings, and
 * reading the global through globalThis also copes with hosts that have no WebAssembly at all.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  /** Grows by `pages` × 64 KiB; throws RangeError when the host refuses. */
  grow(pages: number): number;
}

/** A compiled module: opaque here, and postable to another thread that instantiates it again. */
export type WasmModule = object;

export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => WasmInstance;
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
}

export const WASM_PAGE_BYTES = 65536;
/** wasm32's limit (4 GiB), which the shared-memory builds declare as their maximum. */
const WASM_MAX_PAGES = 65536;

function api(): WebAssemblyApi | undefined {
  return (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
}

export function hasWebAssembly(): boolean {
  return api() !== undefined;
}

/** Compiles synchronously; null when the host lacks WebAssembly or rejects the module (no SIMD, no threads). */
export function compileSync(bytes: Uint8Array): WasmModule | null {
  const wasm = api();
  if (!wasm) return null;
  try {
    return new wasm.Module(bytes);
  } catch {
    return null;
  }
}

/** Instantiates synchronously; null on failure (a missing import, or memory smaller than the module needs). */
export function instantiate(module: WasmModule, imports: object = {}): WasmInstance | null {
  try {
    return new (api() as WebAssemblyApi).Instance(module, imports);
  } catch {
    return null;
  }
}

/** Compiles and instantiates synchronously; null when either step fails. */
export function instantiateSync(bytes: Uint8Array): WasmInstance | null {
  const module = compileSync(bytes);
  return module ? instantiate(module) : null;
}

/**
 * A shared memory (backed by a SharedArrayBuffer) that several threads' instances use at once, or null where
 * the host does not allow it (a browser page without cross-origin isolation, say). Address space for the
 * maximum is reserved, not committed.
 */
export function createSharedMemory(initialPages: number): WasmMemory | null {
  const wasm = api();
  if (!wasm) return null;
  try {
    return new wasm.Memory({ initial: initialPages, maximum: WASM_MAX_PAGES, shared: true });
  } catch {
    return null;
  }
}
