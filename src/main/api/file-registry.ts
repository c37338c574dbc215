import { randomUUID } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ApiError } from './api-error';

export interface HeldFile {
  readonly path: string;
  /** What the person called it (for a dataset's name); never used as a path. */
  readonly name: string;
  /** An upload: the backend's own copy, deleted once used. A file picked in the dialog is the person's own. */
  readonly owned: boolean;
}

/**
 * Files the backend holds for the renderer: uploads to the browser host and files picked in Electron's dialog.
 * The renderer only ever sees the opaque id, so it can never make the backend read a path of its choosing.
 * An id serves one import or one prediction: `release` then forgets it and deletes an upload, so uploads do not
 * pile up; what a crash left in the upload folder is removed at the next start (`removeLeftovers`).
 */
export class FileRegistry {
  private readonly files = new Map<string, HeldFile>();

  /** `uploadDir`: where uploads live (only files there are ever deleted). */
  constructor(readonly uploadDir: string | null = null) {}

  register(filePath: string, name = path.basename(filePath), owned = false): { fileId: string; name: string } {
    const fileId = randomUUID();
    this.files.set(fileId, { path: filePath, name, owned: owned && this.isUpload(filePath) });
    return { fileId, name };
  }

  /** Forgets the id; an upload's file is deleted. Unknown ids are ignored. */
  release(fileId: string): void {
    const file = this.files.get(fileId);
    this.files.delete(fileId);
    if (file?.owned) rmSync(file.path, { force: true });
  }

  /** Uploads of an earlier session: no id refers to them any more (this backend holds the data folder's lock). */
  removeLeftovers(): number {
    if (!this.uploadDir) return 0;
    let names: string[];
    try {
      names = readdirSync(this.uploadDir);
    } catch {
      return 0;
    }
    for (const name of names) rmSync(path.join(this.uploadDir, name), { force: true, recursive: true });
    return names.length;
  }

  private isUpload(filePath: string): boolean {
    return this.uploadDir !== null && path.dirname(path.resolve(filePath)) === path.resolve(this.uploadDir);
  }

  /** Throws NOT_FOUND for an id this process never gave out. */
  get(fileId: string): HeldFile {
    const file = this.files.get(fileId);
    if (!file) throw new ApiError('NOT_FOUND', 'that file is no longer available; choose it again', { fileId });
    return file;
  }
}
