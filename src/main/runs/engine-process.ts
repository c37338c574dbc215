import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Emitter } from '../../shared/emitter';
import { isEngineMessage, type EngineMessage, type EngineRequest } from '../../shared/engine-protocol';

/**
 * One engine process as run orchestration sees it, whatever started it (Electron's utilityProcess,
 * child_process.fork, worker_threads). `onExit` fires once, with the reason in plain language.
 */
export interface EngineProcess {
  send(request: EngineRequest): void;
  onMessage(cb: (message: EngineMessage) => void): void;
  onExit(cb: (reason: string) => void): void;
  /** Ends the process at once (no clean-up inside it). */
  kill(): void;
  readonly pid: number | undefined;
}

export interface LaunchOptions {
  /** Threads the engine's kernels may use (NW_THREADS in its environment); by default its own choice. */
  threads?: number;
}

export type EngineLauncher = (options?: LaunchOptions) => EngineProcess;

/** The environment of an engine process: this one's, with NW_THREADS when a thread count is given. */
export function engineEnv({ threads }: LaunchOptions = {}): NodeJS.ProcessEnv {
  return threads === undefined ? { ...process.env } : { ...process.env, NW_THREADS: String(threads) };
}

export interface ForkEngineOptions {
  /** A built JavaScript entry; by default the TypeScript source runs through tsx. */
  entry?: string;
}

/** The engine host's source file, for launchers that run TypeScript directly. */
export const ENGINE_HOST_SOURCE = new URL('../engine-host/engine-host.ts', import.meta.url);

export function exitReason(code: number | null, signal: string | null): string {
  return signal ? `engine process was killed (${signal})` : `engine process exited with code ${code}`;
}

/** child_process.fork with structured-clone serialisation, so typed arrays in the job arrive intact. */
export function forkEngineLauncher(options: ForkEngineOptions = {}): EngineLauncher {
  return (launch) => {
    const entry = options.entry ?? fileURLToPath(ENGINE_HOST_SOURCE);
    const child = fork(entry, [], {
      env: engineEnv(launch),
      serialization: 'advanced',
      execArgv: entry.endsWith('.ts') ? ['--import', 'tsx'] : [],
    });
    const events = engineEvents();
    child.on('message', events.message);
    // 'close' rather than 'exit': it comes after the IPC channel has delivered every message.
    child.on('close', (code, signal) => events.exit(exitReason(code, signal)));
    child.on('error', (e) => {
      events.exit(`engine process failed: ${e.message}`);
      child.kill('SIGKILL');
    });
    return {
      send: (request) => {
        if (child.connected) child.send(request);
      },
      onMessage: events.onMessage,
      onExit: events.onExit,
      kill: () => child.kill('SIGKILL'),
      get pid() {
        return child.pid;
      },
    };
  };
}

/**
 * The events every launcher reports: engine messages (anything else a child sends is dropped) and the exit,
 * reported once however many ways the host announces it, also to late subscribers. `exited` lets a launcher
 * stop sending to a process that is gone.
 */
export function engineEvents() {
  const events = new Emitter<{ message: EngineMessage; exit: string }>();
  let exitReasonSeen: string | null = null;
  return {
    message(m: unknown): void {
      if (isEngineMessage(m)) events.emit('message', m);
    },
    exit(reason: string): void {
      if (exitReasonSeen !== null) return;
      exitReasonSeen = reason;
      events.emit('exit', reason);
    },
    get exited(): boolean {
      return exitReasonSeen !== null;
    },
    onMessage(cb: (m: EngineMessage) => void): void {
      events.on('message', cb);
    },
    onExit(cb: (reason: string) => void): void {
      if (exitReasonSeen !== null) cb(exitReasonSeen);
      else events.on('exit', cb);
    },
  };
}
