/**
 * The browser host as `npm run serve` runs it (the build in out/serve/, made by the global setup): its own
 * process group (engines are forked children), port 0, a data dir of the test's choosing. Stopping kills the whole group so no engine outlives its test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ADDRESS = /^Neural Workbench: (http:\/\/127\.0\.0\.1:(\d+))\/\?token=([A-Za-z0-9_-]+)$/;

export interface Host {
  /** The first-load address, token included. */
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startHost(dataDir: string): Promise<Host> {
  const child = spawn(process.execPath, [path.join('out', 'serve', 'serve.js'), '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const log: string[] = [];
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => log.push(chunk));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`host exited with ${code} before printing its address:\n${log.join('')}`)));
  });
  const match = ADDRESS.exec(line);
  if (!match) {
    killGroup(child, 'SIGKILL');
    throw new Error(`unexpected first line from the host: ${line}`);
  }
  return { url: `${match[1]}/?token=${match[3]}`, origin: match[1], token: match[3], dataDir, stop: () => stopGroup(child) };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // The group is gone already.
  }
}

/** SIGTERM lets the host close its database; whatever is left of the group after that is killed. */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  killGroup(child, 'SIGKILL');
}
