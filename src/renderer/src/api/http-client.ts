import type { ApiEventName, ApiEvents, ApiMethod, ApiRequest, ApiResponses, WorkbenchApi } from '../../../shared/api';
import { Emitter } from '../../../shared/emitter';
import type { Result } from '../../../shared/result';
import type { ConnectionState, Credential } from './connection';

export interface HttpClientOptions {
  credential: Credential;
  /** Told whenever what the host answers (or that it does not) changes what is known about the connection. */
  onConnection?: (state: ConnectionState) => void;
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
 * The browser host's transport: calls as `POST /api/<method>` with the credential, events over one
 * WebSocket (the credential as its subprotocol) that reconnects with backoff, uploads streamed as the request body. Every answer (or its absence)
 * is reported as a connection state; a socket that closes triggers one probe call so a refused credential
 * (`expired`) is told apart from a host that is gone (`offline`).
 */
export function createHttpClient(options: HttpClientOptions): WorkbenchApi {
  const base = options.baseUrl ?? window.location.origin;
  const doFetch = options.fetch ?? window.fetch.bind(window);
  const Ws = options.WebSocket ?? window.WebSocket;
  const headers = async (extra: Record<string, string> = {}): Promise<Record<string, string>> =>
    ({ ...extra, ...(await options.credential.headers()) });
  let state: ConnectionState | null = null;
  const report = (next: ConnectionState): void => {
    if (next === state) return;
    state = next;
    options.onConnection?.(next);
  };

  const listeners = new Emitter<ApiEvents>();
  let socket: WebSocket | null = null;
  let retryMs = RECONNECT_MIN_MS;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let connecting = false;

  function connect(): void {
    connecting = true;
    void options.credential.socketProtocols().then(open);
  }

  function open(protocols: string[]): void {
    connecting = false;
    const url = new URL('/events', base);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = protocols.length > 0 ? new Ws(url.toString(), protocols) : new Ws(url.toString());
    socket = ws;
    ws.onopen = () => {
      retryMs = RECONNECT_MIN_MS;
      report('online');
    };
    ws.onmessage = (msg: MessageEvent) => {
      const frame = parseEventFrame(msg.data);
      // Names the host does not send have no listeners; payloads are the host's own (typed in shared/api).
      if (frame) listeners.emit(frame.event as ApiEventName, frame.payload as never);
    };
    ws.onclose = () => {
      socket = null;
      // Browsers hide why a socket was refused; one call tells a gone host from a refused credential.
      void call('app.info', {}).then(() => {
        if (listeners.listenerCount() === 0 || state === 'expired') return;
        retryTimer = setTimeout(() => { retryTimer = null; connect(); }, retryMs);
        retryMs = Math.min(retryMs * 2, RECONNECT_MAX_MS);
      });
    };
  }

  async function call<M extends ApiMethod>(method: M, request: ApiRequest<M>): Promise<Result<ApiResponses[M]>> {
    let res: Response;
    try {
      res = await doFetch(new URL(`/api/${method}`, base).toString(), {
        method: 'POST',
        headers: await headers({ 'Content-Type': 'application/json' }),
        body: JSON.stringify(request),
      });
    } catch (e) {
      report('offline');
      return networkError(`Cannot reach the workbench server (${(e as Error).message}).`);
    }
    const body = (await res.json().catch(() => null)) as Result<ApiResponses[M]> | null;
    report(res.status === 401 ? 'expired' : 'online');
    if (body && typeof body === 'object' && 'ok' in body) return body;
    return networkError(`The server answered ${res.status} ${res.statusText} without a result.`);
  }

  return {
    call,

    on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
      const off = listeners.on(event, listener);
      if (!socket && !retryTimer && !connecting && state !== 'expired') connect();
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
