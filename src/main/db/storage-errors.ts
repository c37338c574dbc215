/**
 * Disk and permission failures as typed errors that say what happened, where (the path) and what to do, in
 * place of a raw errno or SQLite's "unable to open database file". Node reports an errno (`e.code`); SQLite
 * only its own code, so for those the path is checked to find out which of the cases it is.
 */
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { StoreError } from './store-error';

const ANOTHER_FOLDER = 'or start the workbench on another data folder (npm run serve -- --data-dir FOLDER)';

function diskFull(where: string): StoreError {
  return new StoreError(
    'DISK_FULL',
    `The disk that holds ${where} is full. Nothing was saved half-way; free some space on it and try again, ${ANOTHER_FOLDER}.`,
    { path: where },
  );
}

function notWritable(where: string, why: string): StoreError {
  return new StoreError(
    'NOT_WRITABLE',
    `${where} cannot be written: ${why}. Make it writable for this user, ${ANOTHER_FOLDER}.`,
    { path: where },
  );
}

function isFolder(where: string): StoreError {
  return new StoreError(
    'BAD_PATH',
    `${where} is a folder, but the workbench keeps a file there. Move the folder away, ${ANOTHER_FOLDER}.`,
    { path: where },
  );
}

function notAFolder(where: string): StoreError {
  return new StoreError(
    'BAD_PATH',
    `${where} cannot be created: part of that path is a file, not a folder. Move the file away, ${ANOTHER_FOLDER}.`,
    { path: where },
  );
}

/** A Node file-system error as one of the typed cases, or null when it is none of them. */
export function storageError(e: unknown, where: string): StoreError | null {
  if (e instanceof StoreError) return e;
  switch ((e as NodeJS.ErrnoException | null)?.code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return diskFull(where);
    case 'EROFS':
      return notWritable(where, 'the disk or folder is read-only');
    case 'EACCES':
    case 'EPERM':
      return notWritable(where, 'permission denied');
    case 'EISDIR':
      return isFolder(where);
    case 'ENOTDIR':
    case 'EEXIST':
      return notAFolder(where);
    default:
      return null;
  }
}

/**
 * mkdir -p with the typed errors. Node's recursive mkdir can report ENOENT when the real cause is a read-only
 * or forbidden ancestor: then the nearest existing ancestor is asked.
 */
export function ensureDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw storageError(e, dir) ?? ancestorError(dir) ?? e;
  }
}

function ancestorError(dir: string): StoreError | null {
  for (let at = path.dirname(dir); at !== path.dirname(at); at = path.dirname(at)) {
    try {
      accessSync(at, constants.W_OK);
      return null;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue;
      const typed = storageError(e, at);
      return typed && new StoreError(typed.code, `${dir} cannot be created: ${typed.message}`, { path: dir });
    }
  }
  return null;
}

/** SQLite's codes that mean the disk, not the data: the full disk, a file or folder it may not write. */
export function sqliteStorageError(e: unknown, file: string): StoreError | null {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (code === 'SQLITE_FULL') return diskFull(file);
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM') {
    return diagnoseUnopenable(file) ?? notWritable(file, 'SQLite was refused access to it');
  }
  if (code.startsWith('SQLITE_IOERR')) return diagnoseUnopenable(file);
  return null;
}

/** Why a database file cannot be opened or written, found by looking at it and its folder. */
function diagnoseUnopenable(file: string): StoreError | null {
  try {
    if (statSync(file).isDirectory()) return isFolder(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') return notAFolder(file);
  }
  for (const target of [file, path.dirname(file)]) {
    try {
      accessSync(target, constants.W_OK);
    } catch (e) {
      const typed = storageError(e, target);
      if (typed && (e as NodeJS.ErrnoException).code !== 'ENOENT') return typed;
    }
  }
  return null;
}
