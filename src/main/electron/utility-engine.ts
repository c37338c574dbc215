import { utilityProcess } from 'electron';
import type { EngineMessage } from '../../shared/engine-protocol';
import { isEngineMessage } from '../../shared/engine-protocol';
import { engineEnv, exitReason, type EngineLauncher } from '../runs/engine-process';

/**
 * Engines as Electron utility processes (out/main/engine.js; the host finds `process.parentPort`). Messages
 * travel by structured clone, so the job's typed arrays arrive intact.
 */
export function utilityEngineLauncher(entry: string): EngineLauncher {
  return (launch) => {
    const child = utilityProcess.fork(entry, [], { serviceName: 'Neural Workbench engine', stdio: 'inherit', env: engineEnv(launch) });
    const messageListeners: ((m: EngineMessage) => void)[] = [];
    const exitListeners: ((reason: string) => void)[] = [];
    let exited: string | null = null;
    child.on('message', (m: unknown) => {
      if (isEngineMessage(m)) for (const cb of messageListeners) cb(m);
    });
    child.on('exit', (code) => {
      exited = exitReason(code, null);
      for (const cb of exitListeners) cb(exited);
    });
    return {
      send: (request) => child.postMessage(request),
      onMessage: (cb) => messageListeners.push(cb),
      onExit: (cb) => (exited !== null ? cb(exited) : exitListeners.push(cb)),
      kill: () => child.kill(),
      get pid() {
        return child.pid;
      },
    };
  };
}
