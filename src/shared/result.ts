/**
 * Every error code, once: what it means and the HTTP status the browser host answers with when the failure is
 * the request's itself (too large, not JSON, no token). API calls that reach a handler answer 200 with the
 * Result as data, whatever its code, exactly as over IPC.
 */
export const ERROR_CODES = {
  BAD_REQUEST: { httpStatus: 400, meaning: 'the request is malformed or names something the way it cannot be' },
  UNAUTHORIZED: { httpStatus: 401, meaning: 'the request did not come from the app (missing or wrong credential)' },
  NOT_FOUND: { httpStatus: 404, meaning: 'the dataset, model, run or file does not exist (any more)' },
  CONFLICT: { httpStatus: 409, meaning: 'the thing is in a state that does not allow this (a run still going, an import already running)' },
  DATASET_IN_USE: { httpStatus: 409, meaning: 'runs use the dataset' },
  CANCELLED: { httpStatus: 409, meaning: 'the person cancelled it' },
  TOO_LARGE: { httpStatus: 413, meaning: 'the request body or upload is larger than the host accepts' },
  INVALID_CSV: { httpStatus: 422, meaning: 'the file cannot be read as a table' },
  INVALID_MODEL: { httpStatus: 422, meaning: 'the model design or saved model cannot be built' },
  INVALID_CONFIG: { httpStatus: 422, meaning: 'a setting or a column choice cannot be trained with; the message says which' },
  DB_TOO_NEW: { httpStatus: 500, meaning: 'the data file was written by a newer version of the app' },
  DB_CORRUPT: { httpStatus: 500, meaning: 'the data file is damaged or not ours; a damaged one is only read, no longer written' },
  DATA_DIR_IN_USE: { httpStatus: 409, meaning: 'another copy of the app (desktop app or browser host) uses the data folder' },
  DISK_FULL: { httpStatus: 507, meaning: 'the disk that holds the data folder is full' },
  NOT_WRITABLE: { httpStatus: 500, meaning: 'a file or folder the app keeps its data in is read-only or not allowed to it' },
  BAD_PATH: { httpStatus: 500, meaning: 'a path the app keeps its data in is a folder where a file should be, or the other way round' },
  ENGINE_FAILED: { httpStatus: 500, meaning: 'the training engine failed or crashed (a fault of the app, not of the settings)' },
  INTERNAL: { httpStatus: 500, meaning: 'an unexpected fault of the app' },
} as const satisfies Record<string, { httpStatus: number; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Errors at boundaries are data: every API call and engine reply is one of these. */
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
