/**
 * The browser host's gatekeeping. Any web page the person visits can send requests to 127.0.0.1, so every
 * call must carry a session credential of this launch, and requests naming a foreign Host or Origin (DNS
 * rebinding, a page on another site or another local port) are refused before anything else.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { contentSecurityPolicy } from '../../shared/content-security-policy';

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Host must be a loopback name with our port; Origin, when sent, must be http:// plus such a host. */
export function isLoopbackRequest(req: IncomingMessage, port: number): boolean {
  const allowed = LOOPBACK_HOSTS.map((h) => `${h}:${port}`);
  if (!allowed.includes((req.headers.host ?? '').toLowerCase())) return false;
  const origin = req.headers.origin;
  return origin === undefined || allowed.some((h) => origin.toLowerCase() === `http://${h}`);
}

function sameSecret(given: string | undefined | null, secret: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The WebSocket subprotocol the page offers besides `bearer.<credential>`, and the one the host selects. */
export const EVENTS_PROTOCOL = 'workbench';
const BEARER_PROTOCOL = 'bearer.';

/**
 * Who may use the host. The printed link carries a one-time code; the page trades it (POST /session, from this
 * origin only) for a session credential that it keeps in sessionStorage, which only this scheme+host+PORT can
 * read, and sends as `Authorization: Bearer` (or, on the event socket, as a `bearer.<credential>` subprotocol).
 * No cookie is ever set: cookies go to every port of 127.0.0.1. A spent code, as the browser's history keeps
 * it, opens nothing. Fresh links are minted on request (serve prints one when Enter is pressed).
 */
export class Gate {
  private readonly codes = new Set<string>();
  private readonly sessions = new Set<string>();

  /** A new one-time code for a link. */
  newCode(): string {
    const code = newSecret();
    this.codes.add(code);
    return code;
  }

  /** Whether `code` would still open a session (the page is served only then). */
  isFresh(code: string): boolean {
    return [...this.codes].some((c) => sameSecret(code, c));
  }

  /** Spends the code: a credential the first time, null ever after. */
  exchange(code: unknown): string | null {
    if (typeof code !== 'string') return null;
    const match = [...this.codes].find((c) => sameSecret(code, c));
    if (match === undefined) return null;
    this.codes.delete(match);
    const credential = newSecret();
    this.sessions.add(credential);
    return credential;
  }

  /** `Authorization: Bearer <credential>` or, on a socket, a `bearer.<credential>` subprotocol. */
  admits(req: IncomingMessage): boolean {
    const auth = req.headers.authorization;
    const bearer = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length).trim() : undefined;
    const fromProtocol = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',').map((p) => p.trim()).find((p) => p.startsWith(BEARER_PROTOCOL))?.slice(BEARER_PROTOCOL.length);
    const given = bearer ?? fromProtocol;
    return given !== undefined && [...this.sessions].some((s) => sameSecret(given, s));
  }
}

export function securityHeaders(port: number): Record<string, string> {
  return {
    // The event socket by its address too: this origin and port only.
    'Content-Security-Policy': contentSecurityPolicy({ connect: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`], asHeader: true }),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}
