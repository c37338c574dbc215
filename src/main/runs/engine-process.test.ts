import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { blobsTable } from '../../engine/testing/synthetic-table';
import type { EngineMessage } from '../../shared/engine-protocol';
import { ENGINE_HOST_SOURCE, forkEngineLauncher, type EngineProcess } from './engine-process';
import { backpropConfig, DATA_OPTIONS, workerEngineLauncher } from './run-test-kit';

/** Every message until the engine ends, and why it ended; `react` may answer each message. */
function drive(engine: EngineProcess, react: (m: EngineMessage) => void): Promise<{ messages: EngineMessage[]; reason: string }> {
  const messages: EngineMessage[] = [];
  engine.onMessage((m) => {
    messages.push(m);
    react(m);
  });
  return new Promise((resolve) => engine.onExit((reason) => resolve({ messages, reason })));
}

const job = { table: blobsTable(90, 3), data: DATA_OPTIONS, trainer: backpropConfig(3), seed: 1 };

describe('engine launchers', () => {
  for (const [name, launch] of [['fork', forkEngineLauncher()], ['worker', workerEngineLauncher()]] as const) {
    it(`${name}: runs a job after 'ready' and reports the kill as the exit reason`, async () => {
      const engine = launch();
      if (name === 'fork') expect(engine.pid).toBeGreaterThan(0);
      else expect(engine.pid).toBeUndefined();
      const { messages, reason } = await drive(engine, (m) => {
        if (m.type === 'ready') engine.send({ type: 'start', job });
        if (m.type === 'done') engine.kill();
      });
      expect(messages.map((m) => m.type)).toEqual(['ready', 'progress', 'progress', 'progress', 'done']);
      const done = messages.at(-1) as Extract<EngineMessage, { type: 'done' }>;
      expect(done.outcome.records.map((r) => r.epoch)).toEqual([1, 2, 3]);
      expect(reason).toBe(name === 'fork' ? 'engine process was killed (SIGKILL)' : 'engine process was killed (terminated)');
      // A late subscriber still hears how it ended.
      await expect(new Promise((resolve) => engine.onExit(resolve))).resolves.toBe(reason);
    });
  }

  for (const [name, launch] of [['fork', forkEngineLauncher()], ['worker', workerEngineLauncher()]] as const) {
    it(`${name}: the kernels use the thread count it is launched with`, async () => {
      for (const threads of [1, 2]) {
        const engine = launch({ threads });
        const { messages } = await drive(engine, (m) => {
          if (m.type === 'ready') engine.kill();
        });
        const ready = messages[0] as Extract<EngineMessage, { type: 'ready' }>;
        expect(ready.kernels).toMatch(threads === 1 ? /^wasm-[a-z-]+$/ : /^wasm-[a-z-]+ ×2 threads$/);
      }
    });
  }

  it('reports an entry that cannot start as a non-zero exit code', async () => {
    const engine = forkEngineLauncher({ entry: path.join(import.meta.dirname, 'no-such-engine.js') })();
    const { messages, reason } = await drive(engine, () => undefined);
    expect(messages).toEqual([]);
    expect(reason).toBe('engine process exited with code 1');
  });

  it('answers a job the person can fix with its code, and an engine fault as ENGINE_FAILED with its stack logged', async () => {
    const badColumn = await hostRun({ ...job, data: { ...DATA_OPTIONS, target: 'colour' } });
    expect(badColumn.error).toEqual({ code: 'INVALID_CONFIG', message: expect.stringMatching(/unknown target column "colour"/) });
    expect(badColumn.stderr).toBe('');

    // A trainer config without a loss gets past the outer shape check and breaks inside the engine: a fault.
    const { loss: _loss, ...noLoss } = backpropConfig(3);
    const fault = await hostRun({ ...job, trainer: noLoss });
    expect(fault.error).toEqual({ code: 'ENGINE_FAILED', message: expect.stringMatching(/Cannot read properties of undefined/) });
    expect(fault.stderr).toMatch(/engine-host: the engine failed: TypeError: Cannot read properties of undefined/);
    expect(fault.stderr).toMatch(/\n\s+at .*train-backprop\.ts/);
  });
});

describe('engine host kernels', () => {
  it('says once, on stderr and in its ready message, why it runs on the reference kernels', async () => {
    const { ready, error, stderr } = await hostRun(job, { execArgv: ['--no-expose-wasm'] });
    expect(ready).toBe('js (this host has no WebAssembly)');
    expect(error).toBeNull();
    expect(stderr.match(/Neural Workbench: the engine runs on the js kernels because this host has no WebAssembly\n/g)).toHaveLength(1);
  });
});

/** Starts the engine host as forkEngineLauncher does, with its stderr captured, and sends it `job`. */
function hostRun(job: unknown, options: { execArgv?: string[] } = {}): Promise<{ ready: string; error: unknown; stderr: string }> {
  const child = fork(fileURLToPath(ENGINE_HOST_SOURCE), [], {
    serialization: 'advanced', execArgv: [...(options.execArgv ?? []), '--import', 'tsx'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let ready = '';
  let error: unknown = null;
  child.on('message', (m: EngineMessage) => {
    if (m.type === 'ready') {
      ready = m.kernels;
      child.send({ type: 'start', job });
    } else if (m.type === 'error' || m.type === 'done') {
      error = m.type === 'error' ? m.error : null;
      child.kill('SIGKILL');
    }
  });
  return new Promise((resolve) => child.on('close', () => resolve({ ready, error, stderr })));
}
