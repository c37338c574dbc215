import type { EngineMessage } from '../../shared/engine-protocol';
import type { EngineLauncher, EngineProcess, LaunchOptions } from './engine-process';

/**
 * One engine process started before a run needs it, so a run does not wait for a process to start and its
 * kernels to load and check themselves. `launch` hands out the spare when it was started with the same
 * options (else it starts a process as the wrapped launcher does) and starts the next spare at once.
 */
export interface WarmSpare {
  readonly launch: EngineLauncher;
  /** Kills the spare and starts no more; resolves once it has exited. */
  close(): Promise<void>;
}

interface Spare {
  engine: EngineProcess;
  options: LaunchOptions;
  /** Its `ready` message, kept for whoever takes it (it was sent before they listened). */
  ready: EngineMessage | null;
  exited: Promise<void>;
  hasExited: boolean;
}

export function warmSpare(base: EngineLauncher, options: LaunchOptions): WarmSpare {
  let spare: Spare | null = null;
  let closed = false;

  const startSpare = (launchOptions: LaunchOptions): void => {
    if (closed) return;
    let engine: EngineProcess;
    try {
      engine = base(launchOptions);
    } catch (e) {
      console.error('the spare engine process could not start; runs start their own', e);
      return;
    }
    let exitedNow!: () => void;
    const s: Spare = { engine, options: launchOptions, ready: null, hasExited: false, exited: new Promise((resolve) => (exitedNow = resolve)) };
    engine.onMessage((m) => {
      if (m.type === 'ready') s.ready = m;
    });
    engine.onExit((reason) => {
      s.hasExited = true;
      exitedNow();
      if (spare !== s) return;
      spare = null;
      // A spare that had come up is replaced; one that died before it was ready is not (a broken entry would loop).
      if (s.ready) {
        console.error(`the spare engine process ended (${reason}); starting another`);
        startSpare(launchOptions);
      }
    });
    spare = s;
  };

  const launch: EngineLauncher = (launchOptions = {}) => {
    const s = spare;
    spare = null;
    if (s && !s.hasExited && s.options.threads === launchOptions.threads) {
      startSpare(launchOptions);
      return handOut(s);
    }
    s?.engine.kill();
    const engine = base(launchOptions);
    startSpare(launchOptions);
    return engine;
  };

  startSpare(options);
  return {
    launch,
    close: async () => {
      closed = true;
      const s = spare;
      spare = null;
      if (!s) return;
      s.engine.kill();
      await s.exited;
    },
  };
}

/** The spare as its new owner sees it: its `ready` (if it came already) is replayed to each listener. */
function handOut(s: Spare): EngineProcess {
  const { engine } = s;
  return {
    send: (request) => engine.send(request),
    onMessage: (cb) => {
      const ready = s.ready;
      if (ready) queueMicrotask(() => cb(ready));
      engine.onMessage(cb);
    },
    onExit: (cb) => engine.onExit(cb),
    kill: () => engine.kill(),
    get pid() {
      return engine.pid;
    },
  };
}
