/** Errors at boundaries are data: every API call and engine reply is one of these. */
export type ErrorCode =
  | 'BAD_REQUEST' | 'NOT_FOUND' | 'CONFLICT' | 'INVALID_CSV' | 'INVALID_MODEL' | 'INVALID_CONFIG'
  | 'DATASET_IN_USE' | 'DB_TOO_NEW' | 'DB_CORRUPT' | 'ENGINE_FAILED' | 'CANCELLED' | 'UNAUTHORIZED' | 'INTERNAL';

export interface AppError {
  code: ErrorCode;
  message: string;
  /** Where the problem is, when it has a place: a line of a CSV, a layer of a model, a field of a form. */
  details?: Record<string, unknown>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = <T = never>(code: ErrorCode, message: string, details?: Record<string, unknown>): Result<T> => ({
  ok: false, error: details ? { code, message, details } : { code, message },
});
