import { CsvImportError } from '../datasets/csv-import-error';
import { ColumnChoiceError } from '../datasets/columns';
import { isStoreError, type StoreErrorCode } from '../db/store-error';
import { InputError } from '../../engine/catalog/input-error';
import type { AppError, ErrorCode } from '../../shared/result';

/** A handler's way to answer with a typed error: thrown, caught by the dispatcher, sent as data. */
export class ApiError extends Error {
  constructor(readonly code: ErrorCode, message: string, readonly details?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiError';
  }
}

const STORE_CODES: Record<StoreErrorCode, ErrorCode> = {
  DB_TOO_NEW: 'DB_TOO_NEW',
  DB_CORRUPT: 'DB_CORRUPT',
  NOT_FOUND: 'NOT_FOUND',
  INVALID_INPUT: 'BAD_REQUEST',
  INVALID_TRANSITION: 'CONFLICT',
  DATASET_IN_USE: 'DATASET_IN_USE',
  RUN_ACTIVE: 'CONFLICT',
  DATA_DIR_IN_USE: 'DATA_DIR_IN_USE',
  DISK_FULL: 'DISK_FULL',
  NOT_WRITABLE: 'NOT_WRITABLE',
  BAD_PATH: 'BAD_PATH',
};

/** Every failure becomes data the renderer can show; anything unexpected is INTERNAL with its message. */
export function toAppError(e: unknown): AppError {
  const error = (code: ErrorCode, message: string, details?: Record<string, unknown>): AppError =>
    details ? { code, message, details } : { code, message };
  if (e instanceof ApiError) return error(e.code, e.message, e.details);
  if (isStoreError(e)) return error(STORE_CODES[e.code], e.message, e.details);
  if (e instanceof CsvImportError) {
    if (e.code === 'cancelled') return error('CANCELLED', e.message);
    return error('INVALID_CSV', e.message, { reason: e.code, line: e.line ?? null, lines: e.lines ?? [] });
  }
  // The engine's problems for the person to fix (a setting, a layer, a column), with where they are.
  if (e instanceof InputError) return error(e.code, e.message, e.details);
  if (e instanceof ColumnChoiceError) return error('INVALID_CONFIG', e.message, e.column ? { column: e.column } : undefined);
  return error('INTERNAL', `unexpected error: ${e instanceof Error ? e.message : String(e)}`);
}
