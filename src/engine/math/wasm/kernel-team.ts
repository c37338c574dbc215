import type { WasmMemory, WasmModule } from './webassembly-api';

/** Exports of the kernel module that a helper thread may run (they only read and write the shared memory). */
export const TEAM_EXPORTS = ['gemmF32', 'gemmF64', 'syrkF32', 'syrkF64', 'biasActivation', 'symvLowerF64', 'syr2kF64',
  'secularRootsF64', 'adamStepsF32', 'sumSquaresBlocksF32'] as const;
type TeamExport = (typeof TEAM_EXPORTS)[number];

/** One call of a module export on a helper thread: addresses are byte offsets into the shared memory. */
export interface ExportCall {
  fn: TeamExport;
  args: number[];
}

/**
 * Helper threads running exports of the same WebAssembly module on the same shared memory, so one large
 * product can use several cores. The engine stays free of host APIs: the host supplies the threads
 * (worker_threads in the engine process, see src/main/engine-host/kernel-team.ts).
 */
export interface KernelTeam {
  /** Helper threads besides the calling one. */
  readonly helpers: number;
  /**
   * Runs calls[i] on helper i (at most `helpers` calls) while `local` runs on this thread, and returns once
   * all have finished; a call whose helper has not started it by the end of `local` may run on this thread
   * instead (so calls must not depend on which thread runs them). Throws when a call failed, after every call
   * has finished.
   */
  run(calls: ExportCall[], local: () => void): void;
}

/** Starts a team on an instantiated shared-memory module; null when the host cannot (no threads). */
export type StartKernelTeam = (module: WasmModule, memory: WasmMemory) => KernelTeam | null;
