/**
 * The browser host: the same API as the desktop app over HTTP (calls, uploads, static files) and a
 * WebSocket (events), on 127.0.0.1 only, behind a per-launch token.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Api } from '../api/create-api';
import { toAppError } from '../api/api-error';
import type { FileRegistry } from '../api/file-registry';
import type { ApiEventName } from '../../shared/api';
import { ERROR_CODES, err, ok, type AppError, type Result } from '../../shared/result';
import { hasToken, isLoopbackRequest, newToken, securityHeaders, tokenCookie } from './security';
import { serveStatic } from './static-files';
import { MAX_UPLOAD_BYTES, receiveUpload, uploadName } from './upload';

const MAX_JSON_BYTES = 16 * 1024 ** 2;
const EVENT_NAMES = ['run.updated', 'run.metrics', 'import.progress', 'datasets.changed'] as const satisfies readonly ApiEventName[];

export interface HttpHostOptions {
  api: Api;
  files: FileRegistry;
  /** 0 picks a free port. */
  port: number;
  /** The renderer build (out/renderer). */
  staticDir: string;
  /** Where uploads are streamed to. */
  uploadDir: string;
  maxUploadBytes?: number;
}

export interface HttpHost {
  readonly port: number;
  readonly token: string;
  /** The address to open, token included. */
  readonly url: string;
  close(): Promise<void>;
}

export async function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const token = newToken();
  const server = createServer();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const unsubscribe = EVENT_NAMES.map((event) =>
    options.api.on(event, (payload) => {
      const message = JSON.stringify({ event, payload });
      for (const client of sockets.clients) if (client.readyState === client.OPEN) client.send(message);
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const headers = securityHeaders(port);

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handleRequest(req, res).catch((e) => {
      if (!res.headersSent) sendError(res, toAppError(e), headers);
      else res.destroy();
    });
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (!isLoopbackRequest(req, port)) {
      res.writeHead(403, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('forbidden: not a loopback host or origin');
      return;
    }
    const isPage = req.method === 'GET' && !url.pathname.startsWith('/api/') && url.pathname !== '/upload';
    if (!hasToken(req, url, token, port, isPage)) {
      if (isPage && (req.headers.accept ?? '').includes('text/html')) return void sendLinkExpired(res, headers);
      sendError(res, { code: 'UNAUTHORIZED', message: 'missing or wrong token: open the address printed by the host' }, headers);
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return void sendJson(res, 405, err('BAD_REQUEST', 'API calls are POST requests'), { ...headers, Allow: 'POST' });
      const body = await readJson(req);
      if (!body.ok) return void sendError(res, body.error, headers);
      return void sendJson(res, 200, await options.api.call(url.pathname.slice('/api/'.length), body.value), headers);
    }
    if (url.pathname === '/upload') {
      if (req.method !== 'POST') return void sendJson(res, 405, err('BAD_REQUEST', 'uploads are POST requests'), { ...headers, Allow: 'POST' });
      try {
        const held = await receiveUpload(req, options.uploadDir, uploadName(url.searchParams.get('name')), options.files, options.maxUploadBytes ?? MAX_UPLOAD_BYTES);
        sendJson(res, 200, ok(held), headers);
      } catch (e) {
        sendError(res, toAppError(e), { ...headers, Connection: 'close' });
        req.destroy();
      }
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { ...headers, Allow: 'GET' }).end();
    // The first page load carries ?token=; the cookie then authorises the page's assets, calls and socket.
    const extra: Record<string, string> = hasToken(req, url, token, port, false) ? {} : { 'Set-Cookie': tokenCookie(token, port) };
    serveStatic(path.resolve(options.staticDir), url.pathname, res, { ...headers, ...extra });
  }

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const refuse = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!isLoopbackRequest(req, port)) return refuse('403 Forbidden');
    if (!hasToken(req, url, token, port, true)) return refuse('401 Unauthorized');
    if (url.pathname !== '/events') return refuse('404 Not Found');
    sockets.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      ws.on('error', () => ws.terminate());
      // Events only flow to the client; anything it sends is ignored.
      ws.on('message', () => {});
    });
  });

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: async () => {
      unsubscribe.forEach((off) => off());
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await closeServer(server);
    },
  };
}

const LINK_EXPIRED = `<!doctype html><meta charset="utf-8"><title>Neural Workbench: open a fresh link</title>
<body style="font: 16px/1.5 system-ui, sans-serif; max-width: 40em; margin: 4em auto; padding: 0 1em">
<h1 style="font-size: 1.4em">This link does not open the workbench any more</h1>
<p>Each start of the workbench server prints a new address with its own key, and only that address opens it.
This one is from an earlier start (or was mistyped).</p>
<p>Open the address the server printed when it started, the line that reads
<code>Neural Workbench: http://127.0.0.1:…/?token=…</code>. If the server is not running, start it with
<code>npm run serve</code>. Your datasets, models and runs are kept.</p>
</body>`;

/** A person who opens an old or wrong address gets a page that says what to do, not the API's JSON. */
function sendLinkExpired(res: ServerResponse, headers: Record<string, string>): void {
  res.writeHead(401, { ...headers, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(LINK_EXPIRED);
}

function sendJson(res: ServerResponse, status: number, body: Result<unknown>, headers: Record<string, string>): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** A failure of the request itself, with the HTTP status of its code. */
function sendError(res: ServerResponse, error: AppError, headers: Record<string, string>): void {
  sendJson(res, ERROR_CODES[error.code].httpStatus, { ok: false, error }, headers);
}

/** An empty body is `{}`; anything else must be JSON within the size limit. */
async function readJson(req: IncomingMessage): Promise<Result<unknown>> {
  const body = await readBody(req, MAX_JSON_BYTES);
  if (!body) return err('TOO_LARGE', `request body larger than ${MAX_JSON_BYTES / 1024 ** 2} MB`);
  const text = body.toString('utf8');
  if (text.trim() === '') return ok({});
  try {
    return ok(JSON.parse(text));
  } catch (e) {
    return err('BAD_REQUEST', `the request body is not JSON: ${(e as Error).message}`);
  }
}

/**
 * The body, or null once it exceeds `max`. The rest is then read and dropped rather than the socket torn down:
 * a reset while the client still sends would lose the answer that says why.
 */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) return void chunks.push(chunk);
      req.off('data', onData);
      req.resume();
      resolve(null);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
