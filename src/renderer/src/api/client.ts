import type { ApiMethod, ApiRequest, ApiResponses, WorkbenchApi } from '../../../shared/api';
import type { AppError } from '../../../shared/result';
import { connectionState, sessionCredential } from './connection';
import { plainRequestError } from '../lib/request-words';
import { createHttpClient } from './http-client';
import { exchangeWith, takeSession } from './token';

/** The preload's IPC bridge under Electron, else the browser host's HTTP/WebSocket transport. */
function createClient(): WorkbenchApi {
  if (window.api) return window.api;
  const exchange = exchangeWith(window.fetch.bind(window), window.location.origin);
  return createHttpClient({
    credential: sessionCredential(takeSession(window.location, window.history, window.sessionStorage, exchange)),
    onConnection: (state) => { connectionState.value = state; },
  });
}

let client: WorkbenchApi | null = null;

/** The one client of this page; stores reach the backend only through it. */
export function api(): WorkbenchApi {
  return (client ??= createClient());
}

/** An API error as a thrown value, keeping the code and where it happened. */
export class ApiError extends Error {
  readonly code: AppError['code'];
  readonly details?: Record<string, unknown>;
  constructor(error: AppError) {
    super(error.message);
    this.name = 'ApiError';
    this.code = error.code;
    this.details = error.details;
  }
}

/** Calls the backend and unwraps the Result: stores use try/catch and keep the message for the screen. */
export async function call<M extends ApiMethod>(method: M, request: ApiRequest<M>): Promise<ApiResponses[M]> {
  const r = await api().call(method, request);
  if (!r.ok) throw new ApiError(r.error);
  return r.value;
}

/** The thing asked for does not exist (any more): trying again cannot help, a way back can. */
export const isNotFound = (e: unknown): boolean => e instanceof ApiError && e.code === 'NOT_FOUND';

/** What went wrong, for the screen: a refused request in words (see plainRequestError), else the message. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError && e.code === 'BAD_REQUEST') return plainRequestError(e.message, e.details?.field);
  return e instanceof Error ? e.message : String(e);
}
