import { randomUUID } from 'node:crypto';
import { createWriteStream, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { ApiError } from '../api/api-error';
import type { FileRegistry } from '../api/file-registry';
import { ensureDir, storageError } from '../db/storage-errors';

export const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

/** The person's file name, reduced to something safe to show (it is never used as a path). */
export function uploadName(raw: string | null): string {
  const base = (raw ?? '').split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (base || 'upload.csv').slice(0, 200);
}

/**
 * Streams the request body to `<upload dir>/<uuid>.csv` (never held in memory) and registers it as an upload
 * (deleted once imported). A full disk or an unwritable folder is a typed error naming the folder.
 */
export async function receiveUpload(
  req: IncomingMessage, name: string, files: FileRegistry, maxBytes = MAX_UPLOAD_BYTES,
): Promise<{ fileId: string; name: string }> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const dir = files.uploadDir;
  if (!dir) throw new Error('this backend takes no uploads');
  ensureDir(dir);
  const target = path.join(dir, `${randomUUID()}.csv`);
  let received = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      done(received > maxBytes ? tooLarge(maxBytes) : null, chunk);
    },
  });
  try {
    await pipeline(req, limit, createWriteStream(target, { flags: 'wx' }));
  } catch (e) {
    rmSync(target, { force: true });
    throw storageError(e, dir) ?? e;
  }
  return files.register(target, name, true);
}

function tooLarge(maxBytes: number): ApiError {
  return new ApiError('TOO_LARGE', `the file is larger than ${Math.round(maxBytes / 1024 ** 2)} MB`);
}
