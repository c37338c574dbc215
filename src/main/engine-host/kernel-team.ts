import { Worker } from 'node:worker_threads';
import { TEAM_EXPORTS, type ExportCall, type KernelTeam, type StartKernelTeam } from '../../engine/math/wasm/kernel-team';
import { instantiate, type WasmMemory, type WasmModule } from '../../engine/math/wasm/webassembly-api';

// Layout of each helper's control block (a SharedArrayBuffer): int32 slots, then the call's arguments as
// float64 (addresses up to 4 GiB and scalars alike), then the UTF-8 message of a failed call.
const SEQ = 0; // bumped by the caller for each call; -1 asks the helper to stop
const DONE = 1; // set by the helper to the SEQ it finished
const FN = 2; // index into TEAM_EXPORTS
const NARGS = 3;
const STATUS = 4; // 0 ok, 1 the call threw
const READY = 5; // 1 once the helper has instantiated the module
const CLAIM = 6; // 0 when a call is posted; the helper sets 1 to run it, the caller 2 to run it itself
const INT_SLOTS = 8;
const MAX_ARGS = 16;
const MESSAGE_BYTES = 512;
const ARGS_OFFSET = INT_SLOTS * 4;
const MESSAGE_OFFSET = ARGS_OFFSET + MAX_ARGS * 8;
const CONTROL_BYTES = MESSAGE_OFFSET + MESSAGE_BYTES;
/** A helper that does not start or finish within this time is taken as lost. */
const START_TIMEOUT_MS = 10_000;
const CALL_TIMEOUT_MS = 120_000;
/**
 * How long either side polls before it sleeps in Atomics.wait. Waking a sleeping thread takes tens of
 * microseconds, once to start a helper and once to return to the caller, and a training step splits several
 * products, its gradient norms and its optimizer step (W1: four split calls in a 1.4 ms step; before polling,
 * 40 % of the caller's time went to waiting): calls that come back-to-back find the other side still polling.
 * Short enough that an idle engine stops burning a core at once.
 */
const SPIN_MS = 0.5;
/** Polls between two reads of the clock: each read allocates (a heap number), and allocation means collections. */
const POLLS_PER_CLOCK_READ = 256;

// The helper is plain JavaScript evaluated in the worker, so it needs no build step or file path (tsx, vitest,
// electron-vite and the packaged app alike). It waits on its control block, calls the export, reports back.
const HELPER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, exportNames } = workerData;
const fns = exportNames.map((name) => new WebAssembly.Instance(module, { env: { memory } }).exports[name]);
const ints = new Int32Array(control, 0, ${INT_SLOTS});
const args = new Float64Array(control, ${ARGS_OFFSET}, ${MAX_ARGS});
const message = new Uint8Array(control, ${MESSAGE_OFFSET}, ${MESSAGE_BYTES});
Atomics.store(ints, ${READY}, 1);
Atomics.notify(ints, ${READY});
let seen = 0;
for (;;) {
  const until = performance.now() + ${SPIN_MS};
  for (let i = 1; Atomics.load(ints, ${SEQ}) === seen; i++) if (i % ${POLLS_PER_CLOCK_READ} === 0 && performance.now() > until) break;
  Atomics.wait(ints, ${SEQ}, seen);
  seen = Atomics.load(ints, ${SEQ});
  if (seen < 0) break;
  let status = 0;
  if (Atomics.compareExchange(ints, ${CLAIM}, 0, 1) === 0) {
    try {
      fns[ints[${FN}]](...args.subarray(0, ints[${NARGS}]));
    } catch (e) {
      status = 1;
      message.fill(0);
      new TextEncoder().encodeInto(String(e && e.message || e).slice(0, ${MESSAGE_BYTES / 4}), message);
    }
  }
  ints[${STATUS}] = status;
  Atomics.store(ints, ${DONE}, seen);
  Atomics.notify(ints, ${DONE});
}
`;

interface Helper {
  worker: Worker;
  ints: Int32Array;
  args: Float64Array;
  message: Uint8Array;
  seq: number;
  /** The caller ran this helper's last call itself; the helper has yet to acknowledge it (DONE = seq). */
  unacknowledged: boolean;
}

/** The exports a caller runs on its own thread: a call it took back from a helper that had not started it. */
type CallerExports = Record<(typeof TEAM_EXPORTS)[number], (...args: number[]) => void>;

function waitFor(ints: Int32Array, slot: number, value: number, timeoutMs: number): boolean {
  const until = performance.now() + SPIN_MS;
  for (let i = 1; Atomics.load(ints, slot) !== value; i++) if (i % POLLS_PER_CLOCK_READ === 0 && performance.now() > until) break;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = Atomics.load(ints, slot);
    if (current === value) return true;
    const left = deadline - Date.now();
    if (left <= 0) return false;
    Atomics.wait(ints, slot, current, left);
  }
}

function startHelper(module: WasmModule, memory: WasmMemory): Helper | null {
  const control = new SharedArrayBuffer(CONTROL_BYTES);
  const ints = new Int32Array(control, 0, INT_SLOTS);
  const worker = new Worker(HELPER_SOURCE, { eval: true, workerData: { module, memory, control, exportNames: TEAM_EXPORTS } });
  // Idle helpers must not keep the process alive; a helper blocked in Atomics.wait ends with the process.
  worker.unref();
  let ready = false;
  try {
    ready = waitFor(ints, READY, 1, START_TIMEOUT_MS);
  } finally {
    // Not started in time, or this thread may not block (Atomics.wait throws): the helper is of no use.
    if (!ready) void worker.terminate();
  }
  if (!ready) return null;
  return {
    worker, ints, seq: 0, unacknowledged: false,
    args: new Float64Array(control, ARGS_OFFSET, MAX_ARGS),
    message: new Uint8Array(control, MESSAGE_OFFSET, MESSAGE_BYTES),
  };
}

/**
 * A team of `helpers` worker threads for the WebAssembly kernels (see KernelTeam): the caller blocks in
 * Atomics.wait while the helpers finish, which Node allows on every thread, so kernels stay synchronous.
 * Returns null when no helper starts.
 */
export function kernelTeamStarter(helpers: number): StartKernelTeam {
  return (module, memory) => {
    const caller = instantiate(module, { env: { memory } });
    if (!caller) return null;
    const team: Helper[] = [];
    for (let i = 0; i < helpers; i++) {
      const helper = startHelper(module, memory);
      if (helper) team.push(helper);
    }
    return team.length ? workerTeam(team, caller.exports as unknown as CallerExports) : null;
  };
}

/**
 * Each call is posted to its helper; once the caller has done its own share it takes back every call whose helper
 * has not started it (a helper preempted or asleep can start a millisecond late) and runs it itself, so the caller
 * never waits for a helper that has not begun. Exactly one side runs a call: both claim it with a compare-exchange.
 * A helper whose taken-back call it has not acknowledged yet is skipped the next time (its call runs here too).
 */
function workerTeam(team: Helper[], caller: CallerExports): KernelTeam {
  const failed = (call: ExportCall, e: unknown) => `a kernel call (${call.fn}) failed: ${e instanceof Error ? e.message : String(e)}`;
  return {
    helpers: team.length,
    run(calls: ExportCall[], local: () => void): void {
      if (calls.length > team.length) throw new Error(`${calls.length} calls for ${team.length} kernel helper threads`);
      const posted = calls.map((call, i) => {
        const h = team[i];
        if (h.unacknowledged && Atomics.load(h.ints, DONE) !== h.seq) return { call, h: null };
        h.unacknowledged = false;
        h.args.set(call.args);
        h.ints[FN] = TEAM_EXPORTS.indexOf(call.fn);
        h.ints[NARGS] = call.args.length;
        h.ints[CLAIM] = 0;
        h.seq = h.seq === 0x7fffffff ? 1 : h.seq + 1;
        Atomics.store(h.ints, SEQ, h.seq);
        Atomics.notify(h.ints, SEQ);
        return { call, h };
      });
      let localError: unknown = null;
      try {
        local();
      } catch (e) {
        localError = e;
      }
      // Every call must be done with the shared memory before anything else touches it, error or not.
      const failures = posted.flatMap(({ call, h }) => {
        if (!h || Atomics.compareExchange(h.ints, CLAIM, 0, 2) === 0) {
          if (h) h.unacknowledged = true;
          try {
            caller[call.fn](...call.args);
            return [];
          } catch (e) {
            return [failed(call, e)];
          }
        }
        if (!waitFor(h.ints, DONE, h.seq, CALL_TIMEOUT_MS)) return ['a kernel helper thread stopped responding'];
        if (h.ints[STATUS] === 0) return [];
        return [failed(call, new Error(new TextDecoder().decode(h.message.slice()).replace(/\0+$/, '')))];
      });
      if (localError) throw localError;
      if (failures.length) throw new Error(failures[0]);
    },
  };
}
