import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileRegistry } from '../api/file-registry';
import { makeTempDir } from '../db/test-kit';
import { receiveUpload, uploadName } from './upload';

let dir: string;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A request body arriving in chunks, as a socket delivers it. */
function body(chunks: string[], headers: Record<string, string> = {}): IncomingMessage {
  return Object.assign(Readable.from(chunks.map((c) => Buffer.from(c))), { headers }) as unknown as IncomingMessage;
}

describe('receiveUpload', () => {
  it('writes the chunks to a new file and registers it under the given name', async () => {
    const files = new FileRegistry(path.join(dir, 'uploads'));
    const held = await receiveUpload(body(['a,b\n', '1,2\n', '3,4\n']), 'data.csv', files);
    expect(held.name).toBe('data.csv');
    expect(readFileSync(files.get(held.fileId).path, 'utf8')).toBe('a,b\n1,2\n3,4\n');
    // Released (its import ended): the upload is deleted and the id forgotten.
    const stored = files.get(held.fileId).path;
    files.release(held.fileId);
    expect(existsSync(stored)).toBe(false);
    expect(() => files.get(held.fileId)).toThrow(/no longer available/);
  });

  it('stops at the size cap, deletes the partial file and registers nothing', async () => {
    const uploads = path.join(dir, 'uploads');
    await expect(receiveUpload(body(['12345', '67890', 'abc']), 'big.csv', new FileRegistry(uploads), 12)).rejects.toThrow(/larger/);
    expect(existsSync(uploads) ? readdirSync(uploads) : []).toEqual([]);
    await expect(receiveUpload(body([], { 'content-length': '13' }), 'big.csv', new FileRegistry(uploads), 12)).rejects.toThrow(/larger/);
  });

  it('never deletes a file outside the upload folder (a file picked in the desktop app is the person\'s own)', () => {
    const own = path.join(dir, 'mine.csv');
    writeFileSync(own, 'a,b\n1,2\n');
    const files = new FileRegistry(path.join(dir, 'uploads'));
    const { fileId } = files.register(own, 'mine.csv', true);
    files.release(fileId);
    expect(readFileSync(own, 'utf8')).toBe('a,b\n1,2\n');
  });

  it('reduces names to a safe base name', () => {
    expect(uploadName('../../etc/passwd')).toBe('passwd');
    expect(uploadName('C:\\Users\\me\\iris.csv')).toBe('iris.csv');
    expect(uploadName('a\u0000b\nc.csv')).toBe('abc.csv');
    expect(uploadName(null)).toBe('upload.csv');
    expect(uploadName('x'.repeat(500))).toHaveLength(200);
  });
});
