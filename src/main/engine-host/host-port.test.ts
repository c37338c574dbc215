import { afterEach, describe, expect, it } from 'vitest';
import { detectHostPort } from './host-port';

/** Electron's utilityProcess puts `parentPort` on process; here a stand-in that records what it is given. */
function setParentPort(port: unknown): void {
  Object.defineProperty(process, 'parentPort', { value: port, configurable: true, writable: true });
}

afterEach(() => {
  Reflect.deleteProperty(process, 'parentPort');
});

describe('detectHostPort', () => {
  it("talks through Electron's parentPort when there is one, unwrapping each message's data", () => {
    const posted: unknown[] = [];
    const listeners: ((e: { data: unknown }) => void)[] = [];
    setParentPort({ postMessage: (m: unknown) => posted.push(m), on: (_event: 'message', l: (e: { data: unknown }) => void) => listeners.push(l) });
    const port = detectHostPort()!;
    expect(port.kind).toBe('electron-utility');
    const received: unknown[] = [];
    port.onMessage((m) => received.push(m));
    listeners.forEach((l) => l({ data: { type: 'cancel' } }));
    port.post({ type: 'ready' });
    expect(received).toEqual([{ type: 'cancel' }]);
    expect(posted).toEqual([{ type: 'ready' }]);
  });

  it('ignores a parentPort that is not a port (Electron sets null outside a utility process)', () => {
    for (const value of [null, undefined, {}, { postMessage: 1, on: () => {} }]) {
      setParentPort(value);
      expect(detectHostPort()?.kind).not.toBe('electron-utility');
    }
  });
});
