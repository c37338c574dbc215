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
  /** The first-load address, with its one-time code: for the page. */
  url: string;
  origin: string;
  /** A session credential of the fixture's own (from a second link), for API calls outside the page. */
  credential: string;
  /** Another one-time link, as pressing Enter in the host's terminal prints it. */
  freshLink(): Promise<string>;
  dataDir: string;
  stop(): Promise<void>;
}

/** `port` 0 picks a free one; a given port lets a journey restart the host where an open tab expects it. */
export async function startHost(dataDir: string, port = 0): Promise<Host> {
  const child = spawn(process.execPath, [path.join('out', 'serve', 'serve.js'), '--port', String(port), '--data-dir', dataDir], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  const log: string[] = [];
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => log.push(chunk));
  const lines = createInterface({ input: child.stdout! });
  const nextLink = async (): Promise<RegExpExecArray> => {
    const line = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`host exited with ${code} before printing an address:\n${log.join('')}`)));
    });
    const match = ADDRESS.exec(line);
    if (match) return match;
    killGroup(child, 'SIGKILL');
    throw new Error(`unexpected line from the host: ${line}`);
  };
  const freshLink = async (): Promise<string> => {
    const next = nextLink();
    child.stdin!.write('\n');
    const match = await next;
    return `${match[1]}/?token=${match[3]}`;
  };
  const first = await nextLink();
  const credential = await openSession(first[1], new URL(await freshLink()).searchParams.get('token')!);
  return { url: `${first[1]}/?token=${first[3]}`, origin: first[1], credential, freshLink, dataDir, stop: () => stopGroup(child) };
}

/** What the page does with a link: trades its one-time code for a session credential. */
async function openSession(origin: string, code: string): Promise<string> {
  const r = await fetch(`${origin}/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }) });
  const body = (await r.json()) as { ok: boolean; value?: { credential: string } };
  if (!body.ok || !body.value) throw new Error(`the host refused a fresh link's code (${r.status})`);
  return body.value.credential;
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
