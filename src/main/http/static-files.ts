import { createReadStream, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Neural Workbench</title>
<p>The interface has not been built yet. Run <code>npm run build:web</code> (or start the host with <code>npm run serve</code>, which builds it) and reload.</p>`;

/**
 * Files of the renderer build. Paths are resolved inside `root` only; paths without an extension get
 * index.html (the app's own routes).
 */
export function serveStatic(root: string, pathname: string, res: ServerResponse, headers: Record<string, string>): void {
  const index = path.join(root, 'index.html');
  if (!existsSync(index)) {
    res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' }).end(NOT_BUILT);
    return;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    res.writeHead(400, headers).end();
    return;
  }
  const candidate = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  const inside = candidate === root || candidate.startsWith(root + path.sep);
  let file = inside && isFile(candidate) ? candidate : null;
  if (!file && inside && path.extname(candidate) === '') file = index;
  if (!file) {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
    return;
  }
  res.writeHead(200, {
    ...headers,
    'Content-Type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Cache-Control': file === index ? 'no-store' : 'no-cache',
  });
  createReadStream(file).pipe(res);
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
