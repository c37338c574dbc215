/**
 * A .tar.gz of a few in-memory files (POSIX ustar, gzip by node:zlib), for the run bundle's download: `tar -xzf`,
 * Python's tarfile and every archive tool read it. Plain files only, paths up to 100 bytes.
 */
import { gzipSync } from 'node:zlib';

export interface ArchiveFile {
  /** Relative path with forward slashes. */
  readonly path: string;
  readonly content: string | Uint8Array;
  /** Unix permissions (default 0o644). */
  readonly mode?: number;
}

const BLOCK = 512;
const encoder = new TextEncoder();

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(path: string, size: number, mode: number, mtime: number): Uint8Array {
  const name = encoder.encode(path);
  if (name.length > 100) throw new Error(`archive path longer than 100 bytes: ${path}`);
  const h = new Uint8Array(BLOCK);
  const put = (text: string | Uint8Array, offset: number) => h.set(typeof text === 'string' ? encoder.encode(text) : text, offset);
  put(name, 0);
  put(octal(mode, 8), 100);
  put(octal(0, 8), 108); // uid
  put(octal(0, 8), 116); // gid
  put(octal(size, 12), 124);
  put(octal(mtime, 12), 136);
  put('        ', 148); // checksum field counts as spaces while summing
  put('0', 156); // regular file
  put('ustar\u000000', 257);
  let sum = 0;
  for (const b of h) sum += b;
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}

/** The gzipped tar of `files`, in order. */
export function tarGz(files: readonly ArchiveFile[], mtime = Math.floor(Date.now() / 1000)): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const f of files) {
    const data = typeof f.content === 'string' ? encoder.encode(f.content) : f.content;
    parts.push(header(f.path, data.length, f.mode ?? 0o644, mtime), data);
    const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
    if (pad) parts.push(new Uint8Array(pad));
  }
  parts.push(new Uint8Array(2 * BLOCK));
  return new Uint8Array(gzipSync(Buffer.concat(parts)));
}
