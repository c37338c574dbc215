/**
 * Wall clock in milliseconds for timings. The engine is compiled without DOM or Node typings, so
 * `performance` is looked up on globalThis and Date.now() is the fallback where it is missing.
 */
interface HighResolutionClock {
  now(): number;
}

const perf = (globalThis as { performance?: HighResolutionClock }).performance;

export function now(): number {
  return perf ? perf.now() : Date.now();
}
