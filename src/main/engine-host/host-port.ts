import { parentPort as workerPort } from 'node:worker_threads';
import { ENGINE_EXIT_CODES } from '../../shared/engine-protocol';

/** The one message channel of an engine process, whichever way it was started. */
export interface HostPort {
  readonly kind: 'electron-utility' | 'worker-thread' | 'child-process';
  post(message: unknown): void;
  onMessage(handler: (message: unknown) => void): void;
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
}

/**
 * Electron's utilityProcess exposes `process.parentPort` (messages wrapped in `{ data }`), a worker
 * thread has `parentPort`, and `child_process.fork` gives `process.send`. Returns null when started
 * any other way (e.g. directly from a shell), where there is nobody to talk to.
 */
export function detectHostPort(): HostPort | null {
  const electronPort = electronParentPort();
  if (electronPort) {
    return {
      kind: 'electron-utility',
      post: (m) => electronPort.postMessage(m),
      onMessage: (h) => electronPort.on('message', (e) => h(e.data)),
    };
  }
  if (workerPort) {
    const port = workerPort;
    return { kind: 'worker-thread', post: (m) => port.postMessage(m), onMessage: (h) => port.on('message', h) };
  }
  if (process.send) {
    const send = process.send.bind(process);
    // The host went away (killed with -9, say): nobody wants the result, so training on would only burn the CPU.
    process.once('disconnect', () => process.exit(ENGINE_EXIT_CODES.noParent));
    return { kind: 'child-process', post: (m) => void (process.connected && send(m)), onMessage: (h) => process.on('message', h) };
  }
  return null;
}

/** Electron's utilityProcess adds `process.parentPort`; read without Electron's typings (this also runs under plain Node). */
function electronParentPort(): ElectronParentPort | null {
  const port: unknown = Reflect.get(process, 'parentPort');
  return isElectronParentPort(port) ? port : null;
}

function isElectronParentPort(port: unknown): port is ElectronParentPort {
  return typeof port === 'object' && port !== null
    && 'postMessage' in port && typeof port.postMessage === 'function'
    && 'on' in port && typeof port.on === 'function';
}
