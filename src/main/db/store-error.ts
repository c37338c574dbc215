/**
 * Typed failures of the store. Callers switch on `code`; `message` is meant for people and names the
 * file or record involved.
 */
export type StoreErrorCode =
  | 'DB_TOO_NEW'
  | 'DB_CORRUPT'
  | 'NOT_FOUND'
  | 'INVALID_INPUT'
  | 'INVALID_TRANSITION'
  | 'DATASET_IN_USE'
  | 'RUN_ACTIVE'
  | 'DATA_DIR_IN_USE'
  | 'DISK_FULL'
  | 'NOT_WRITABLE'
  | 'BAD_PATH';

export class StoreError extends Error {
  override readonly name = 'StoreError';

  constructor(
    readonly code: StoreErrorCode,
    message: string,
    /** Where it happened (a path), for the details of the error. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  /** Plain shape for crossing IPC/HTTP, where class instances lose their prototype. */
  toJSON(): { code: StoreErrorCode; message: string; details?: Record<string, unknown> } {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

export function isStoreError(err: unknown, code?: StoreErrorCode): err is StoreError {
  return err instanceof StoreError && (code === undefined || err.code === code);
}
