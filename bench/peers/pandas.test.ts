import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pandasReadCsv } from './pandas';

const dir = mkdtempSync(join(tmpdir(), 'nw-pandas-peer-'));
const file = join(dir, 'small.csv');
writeFileSync(file, 'a,b,c\n1,2.5,x\n3,4.5,y\n5,6.5,z\n7,8.5,w\n');
const found = pandasReadCsv(file);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pandas read_csv peer', () => {
  it('names what is missing instead of failing when the Python is absent', () => {
    expect(pandasReadCsv(file, '/nonexistent/python3')).toEqual({ missing: '/nonexistent/python3 not found' });
  });

  it.skipIf('missing' in found)('reads the same file the import read, and says how long it took', () => {
    if ('missing' in found) return;
    expect([found.rows, found.cols]).toEqual([4, 3]);
    expect(found.seconds).toBeGreaterThan(0);
    expect(found.peakRssMb).toBeGreaterThan(1);
    expect(found.version).toMatch(/^\d+\.\d+/);
  });
});
