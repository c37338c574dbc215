import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { ApiError } from './api-error';

export interface HeldFile {
  readonly path: string;
  /** What the person called it (for a dataset's name); never used as a path. */
  readonly name: string;
}

/**
 * Files the backend holds for the renderer: uploads to the browser host and files picked in Electron's dialog.
 * The renderer only ever sees the opaque id, so it can never make the backend read a path of its choosing.
 */
export class FileRegistry {
  private readonly files = new Map<string, HeldFile>();

  register(filePath: string, name = path.basename(filePath)): { fileId: string; name: string } {
    const fileId = randomUUID();
    this.files.set(fileId, { path: filePath, name });
    return { fileId, name };
  }

  /** Throws NOT_FOUND for an id this process never gave out. */
  get(fileId: string): HeldFile {
    const file = this.files.get(fileId);
    if (!file) throw new ApiError('NOT_FOUND', 'that file is no longer available; choose it again', { fileId });
    return file;
  }
}
