/**
 * The browser host's gatekeeping. Any web page the person visits can send requests to 127.0.0.1, so every
 * request must carry the per-launch token, and requests naming a foreign Host or Origin (DNS rebinding, a
 * page on another site) are refused before anything else.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { contentSecurityPolicy } from '../../shared/content-security-policy';

/** Cookies are shared by every port of a host, so two hosts side by side each need their own name. */
export const tokenCookieName = (port: number): string => `nwb_token_${port}`;
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Host must be a loopback name with our port; Origin, when sent, must be http:// plus such a host. */
export function isLoopbackRequest(req: IncomingMessage, port: number): boolean {
  const allowed = LOOPBACK_HOSTS.map((h) => `${h}:${port}`);
  if (!allowed.includes((req.headers.host ?? '').toLowerCase())) return false;
  const origin = req.headers.origin;
  return origin === undefined || allowed.some((h) => origin.toLowerCase() === `http://${h}`);
}

function sameToken(given: string | undefined | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(req: IncomingMessage, port: number): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === tokenCookieName(port)) return value.join('=');
  }
  return undefined;
}

/** The token from `Authorization: Bearer`, our cookie, or (when `allowQuery`) `?token=`. */
export function hasToken(req: IncomingMessage, url: URL, token: string, port: number, allowQuery: boolean): boolean {
  const auth = req.headers.authorization;
  const bearer = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length).trim() : undefined;
  return sameToken(bearer, token) || sameToken(cookieToken(req, port), token) || (allowQuery && sameToken(url.searchParams.get('token'), token));
}

export function tokenCookie(token: string, port: number): string {
  return `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
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
