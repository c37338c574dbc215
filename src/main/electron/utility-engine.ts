import { constants } from 'node:os';
import { utilityProcess } from 'electron';
import { ENGINE_EXIT_CODES } from '../../shared/engine-protocol';
import { engineEnv, engineEvents, exitReason, type EngineLauncher } from '../runs/engine-process';

/**
 * Engines as Electron utility processes (out/main/engine.js; the host finds `process.parentPort`). Messages
 * travel by structured clone, so the job's typed arrays arrive intact. The exit is reported once (older
 * Electron versions emit `exit` more than once), and nothing is posted to a process that has gone.
 */
export function utilityEngineLauncher(entry: string): EngineLauncher {
  return (launch) => {
    const child = utilityProcess.fork(entry, [], { serviceName: 'Neural Workbench engine', stdio: 'inherit', env: engineEnv(launch) });
    const events = engineEvents();
    let killed = false;
    child.on('message', events.message);
    child.on('exit', (code) => events.exit(utilityExitReason(code, killed)));
    // A fatal V8 error (out of memory, say): the reason is here; the exit that follows adds nothing.
    child.on('error', (type, location) => {
      events.exit(`engine process failed: ${type} at ${location}`);
      child.kill();
    });
    return {
      send: (request) => {
        if (!events.exited) child.postMessage(request);
      },
      onMessage: events.onMessage,
      onExit: events.onExit,
      kill: () => {
        killed = true;
        child.kill();
      },
      get pid() {
        return child.pid;
      },
    };
  };
}

/** Signals that end a process from outside or crash it. */
const ENDING_SIGNALS = ['SIGKILL', 'SIGTERM', 'SIGSEGV', 'SIGABRT', 'SIGBUS', 'SIGILL', 'SIGFPE'] as const;
const ENGINE_CODES: readonly number[] = Object.values(ENGINE_EXIT_CODES);
const SIGNAL_BY_NUMBER = new Map(
  ENDING_SIGNALS.map((name) => [constants.signals[name], name] as const).filter(([n]) => !ENGINE_CODES.includes(n)),
);

/**
 * Electron gives only a number: on POSIX the waitpid status, which for a process ended by a signal is the
 * signal's number (plus 128 with a core dump); after our own kill() (SIGTERM) it reports 0. The numbers of
 * the signals that end or crash a process, which the engine host never exits with, are read as those signals
 * (Node's own rare start-up failures 4–9 would be misread; a process killed by SIGKILL is the common case).
 */
export function utilityExitReason(code: number, killedByUs: boolean, platform: NodeJS.Platform = process.platform): string {
  if (killedByUs) return exitReason(null, 'SIGTERM');
  const signal = platform === 'win32' ? undefined : SIGNAL_BY_NUMBER.get(code & 0x7f);
  return signal && code < 0x100 ? exitReason(null, signal) : exitReason(code, null);
}
