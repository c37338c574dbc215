/**
 * The browser host: the same API as the desktop app over HTTP (calls, uploads, static files) and a
 * WebSocket (events), on 127.0.0.1 only; calls need a session credential of this launch (see Gate).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Api } from '../api/create-api';
import { toAppError } from '../api/api-error';
import type { FileRegistry } from '../api/file-registry';
import { API_EVENT_NAMES } from '../../shared/api';
import { ERROR_CODES, err, ok, type AppError, type Result } from '../../shared/result';
import { EVENTS_PROTOCOL, Gate, isLoopbackRequest, securityHeaders } from './security';
import { serveStatic } from './static-files';
import { MAX_UPLOAD_BYTES, receiveUpload, uploadName } from './upload';

const MAX_JSON_BYTES = 16 * 1024 ** 2;

export interface HttpHostOptions {
  api: Api;
  files: FileRegistry;
  /** 0 picks a free port. */
  port: number;
  /** The renderer build (out/renderer). */
  staticDir: string;
  /** Uploads are streamed to `files.uploadDir`. */
  maxUploadBytes?: number;
}

export interface HttpHost {
  readonly port: number;
  /** The first address to open, with a one-time code. */
  readonly url: string;
  /** Another address with a fresh one-time code (for another tab or browser). */
  freshLink(): string;
  close(): Promise<void>;
}

const FRESH_LINK = 'open a fresh link (press Enter in the terminal where the browser host runs, then open the address it prints)';
const UNAUTHORIZED_MESSAGE = `this page has no session with the browser host: ${FRESH_LINK}`;
const SPENT_CODE_MESSAGE = `this link was already used or is not from this start of the host: ${FRESH_LINK}`;

/** What a spent or unknown link shows instead of the app: plain HTML, nothing inline (the CSP allows none). */
const SPENT_LINK_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Link already used</title></head>
<body><h1>This link has already been used</h1>
<p>Each Neural Workbench link opens the app once, so a copy in the browser history or elsewhere lets no one in.
The tab it opened keeps working.</p>
<p>For a fresh link, press Enter in the terminal where the browser host runs (<code>npm run serve</code>) and
open the address it prints. Restarting the host prints one too.</p></body></html>`;

export async function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const gate = new Gate();
  const server = createServer();
  const sockets = new WebSocketServer({
    noServer: true, maxPayload: 64 * 1024,
    // The page offers `workbench` and `bearer.<credential>`; the answer names only the first.
    handleProtocols: (offered) => (offered.has(EVENTS_PROTOCOL) ? EVENTS_PROTOCOL : false),
  });
  const unsubscribe = API_EVENT_NAMES.map((event) =>
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
    if (url.pathname === '/session') {
      if (req.method !== 'POST') return void sendJson(res, 405, err('BAD_REQUEST', 'a session is opened with POST'), { ...headers, Allow: 'POST' });
      const body = await readJson(req);
      if (!body.ok) return void sendError(res, body.error, headers);
      const credential = gate.exchange((body.value as { code?: unknown } | null)?.code);
      if (credential) return void sendJson(res, 200, ok({ credential }), headers);
      return void sendError(res, { code: 'UNAUTHORIZED', message: SPENT_CODE_MESSAGE }, headers);
    }
    const isCall = url.pathname.startsWith('/api/') || url.pathname === '/upload';
    if (isCall && !gate.admits(req)) return void sendError(res, { code: 'UNAUTHORIZED', message: UNAUTHORIZED_MESSAGE }, headers);
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return void sendJson(res, 405, err('BAD_REQUEST', 'API calls are POST requests'), { ...headers, Allow: 'POST' });
      const body = await readJson(req);
      if (!body.ok) return void sendError(res, body.error, headers);
      return void sendJson(res, 200, await options.api.call(url.pathname.slice('/api/'.length), body.value), headers);
    }
    if (url.pathname === '/upload') {
      if (req.method !== 'POST') return void sendJson(res, 405, err('BAD_REQUEST', 'uploads are POST requests'), { ...headers, Allow: 'POST' });
      try {
        const held = await receiveUpload(req, uploadName(url.searchParams.get('name')), options.files, options.maxUploadBytes ?? MAX_UPLOAD_BYTES);
        sendJson(res, 200, ok(held), headers);
      } catch (e) {
        sendError(res, toAppError(e), { ...headers, Connection: 'close' });
        req.destroy();
      }
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { ...headers, Allow: 'GET' }).end();
    // The app's files hold no secret and are public; a link whose code is spent gets a page that says so.
    const code = url.searchParams.get('token');
    if (code !== null && !gate.isFresh(code)) {
      res.writeHead(410, { ...headers, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(SPENT_LINK_PAGE);
      return;
    }
    serveStatic(path.resolve(options.staticDir), url.pathname, res, headers);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const refuse = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!isLoopbackRequest(req, port)) return refuse('403 Forbidden');
    if (!gate.admits(req)) return refuse('401 Unauthorized');
    if (url.pathname !== '/events') return refuse('404 Not Found');
    sockets.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      ws.on('error', () => ws.terminate());
      // Events only flow to the client; anything it sends is ignored.
      ws.on('message', () => {});
    });
  });

  const freshLink = () => `http://127.0.0.1:${port}/?token=${gate.newCode()}`;
  return {
    port,
    url: freshLink(),
    freshLink,
    close: async () => {
      unsubscribe.forEach((off) => off());
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await closeServer(server);
    },
  };
}


/** A person who opens an old or wrong address gets a page that says what to do, not the API's JSON. */
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
