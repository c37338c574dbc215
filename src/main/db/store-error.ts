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
  | 'RUN_ACTIVE';

export class StoreError extends Error {
  override readonly name = 'StoreError';

  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
  }

  /** Plain shape for crossing IPC/HTTP, where class instances lose their prototype. */
  toJSON(): { code: StoreErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

export function isStoreError(err: unknown, code?: StoreErrorCode): err is StoreError {
  return err instanceof StoreError && (code === undefined || err.code === code);
}
