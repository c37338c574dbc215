import type { ApiEventName, ApiEvents, ApiMethod, ApiRequest, ApiResponses, WorkbenchApi } from '../../../shared/api';
import { Emitter } from '../../../shared/emitter';
import type { Result } from '../../../shared/result';

export interface HttpClientOptions {
  /** The session credential (or the promise of it while the link's code is traded); sent as a bearer token. */
  token: string | null | Promise<string | null>;
  /** Origin of the browser host; the page's own by default. */
  baseUrl?: string;
  fetch?: typeof fetch;
  WebSocket?: typeof WebSocket;
}

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 10_000;

/** Decodes one event frame; the host sends `{ event, payload }`. Anything else is ignored. */
export function parseEventFrame(data: unknown): { event: string; payload: unknown } | null {
  if (typeof data !== 'string') return null;
  try {
    const frame = JSON.parse(data) as { event?: unknown; payload?: unknown };
    return typeof frame.event === 'string' ? { event: frame.event, payload: frame.payload } : null;
  } catch {
    return null;
  }
}

function networkError<T>(message: string): Result<T> {
  return { ok: false, error: { code: 'INTERNAL', message } };
}

/**
 * The browser host's transport: calls as `POST /api/<method>` with a bearer token, events over one
 * WebSocket (the credential as its `bearer.` subprotocol: a browser socket cannot send headers) that
 * reconnects with backoff, uploads streamed as the request body.
 */
export function createHttpClient(options: HttpClientOptions): WorkbenchApi {
  const base = options.baseUrl ?? window.location.origin;
  const doFetch = options.fetch ?? window.fetch.bind(window);
  const Ws = options.WebSocket ?? window.WebSocket;
  const token = Promise.resolve(options.token);
  const headers = async (extra: Record<string, string> = {}): Promise<Record<string, string>> => {
    const credential = await token;
    return credential ? { ...extra, Authorization: `Bearer ${credential}` } : extra;
  };

  const listeners = new Emitter<ApiEvents>();
  let socket: WebSocket | null = null;
  let retryMs = RECONNECT_MIN_MS;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let connecting = false;

  function connect(): void {
    connecting = true;
    void token.then(open);
  }

  function open(credential: string | null): void {
    connecting = false;
    const url = new URL('/events', base);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = credential ? new Ws(url.toString(), ['workbench', `bearer.${credential}`]) : new Ws(url.toString());
    socket = ws;
    ws.onopen = () => { retryMs = RECONNECT_MIN_MS; };
    ws.onmessage = (msg: MessageEvent) => {
      const frame = parseEventFrame(msg.data);
      // Names the host does not send have no listeners; payloads are the host's own (typed in shared/api).
      if (frame) listeners.emit(frame.event as ApiEventName, frame.payload as never);
    };
    ws.onclose = () => {
      socket = null;
      if (listeners.listenerCount() === 0) return;
      retryTimer = setTimeout(() => { retryTimer = null; connect(); }, retryMs);
      retryMs = Math.min(retryMs * 2, RECONNECT_MAX_MS);
    };
  }

  return {
    async call<M extends ApiMethod>(method: M, request: ApiRequest<M>): Promise<Result<ApiResponses[M]>> {
      try {
        const res = await doFetch(new URL(`/api/${method}`, base).toString(), {
          method: 'POST',
          headers: await headers({ 'Content-Type': 'application/json' }),
          body: JSON.stringify(request),
        });
        const body = (await res.json().catch(() => null)) as Result<ApiResponses[M]> | null;
        if (body && typeof body === 'object' && 'ok' in body) return body;
        return networkError(`The server answered ${res.status} ${res.statusText} without a result.`);
      } catch (e) {
        return networkError(`Cannot reach the workbench server (${(e as Error).message}).`);
      }
    },

    on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
      const off = listeners.on(event, listener);
      if (!socket && !retryTimer && !connecting) connect();
      return off;
    },

    async upload(file, name, onProgress) {
      const uploadHeaders = await headers({ 'Content-Type': 'application/octet-stream' });
      // XMLHttpRequest rather than fetch: only it reports upload progress for a streamed body.
      return new Promise((resolve) => {
        const xhr = new XMLHttpRequest();
        xhr.open('POST', new URL(`/upload?name=${encodeURIComponent(name)}`, base).toString());
        for (const [k, v] of Object.entries(uploadHeaders)) xhr.setRequestHeader(k, v);
        xhr.upload.onprogress = (e) => onProgress?.(e.loaded, e.total || file.size);
        xhr.onload = () => {
          try {
            resolve(JSON.parse(xhr.responseText) as Result<{ fileId: string; name: string }>);
          } catch {
            resolve(networkError(`The upload failed (${xhr.status}).`));
          }
        };
        xhr.onerror = () => resolve(networkError('The upload failed: the server could not be reached.'));
        xhr.onabort = () => resolve({ ok: false, error: { code: 'CANCELLED', message: 'Upload cancelled.' } });
        xhr.send(file);
      });
    },
  };
}
