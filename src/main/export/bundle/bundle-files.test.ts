import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ELM_ACTIVATIONS, LAYER_ACTIVATIONS } from '../../../engine/catalog/activations';
import { idsOf } from '../../../engine/catalog/fields';
import { LAYERS } from '../../../engine/catalog/layers';
import { LOSSES } from '../../../engine/catalog/losses';
import { OPTIMIZERS } from '../../../engine/catalog/optimizers';
import { SCHEDULES } from '../../../engine/catalog/schedules';
import { tarGz } from './tar';

const TRAIN_PY = readFileSync(path.resolve('resources/export/train.py'), 'utf8');

describe('train.py', () => {
  it('knows every layer, activation, optimizer, loss and schedule of the catalogs', () => {
    const ids = [
      ...idsOf(LAYERS), ...idsOf(LAYER_ACTIVATIONS), ...idsOf(ELM_ACTIVATIONS), ...idsOf(OPTIMIZERS), ...idsOf(LOSSES), ...idsOf(SCHEDULES),
    ];
    const missing = ids.filter((id) => !TRAIN_PY.includes(`"${id}"`));
    expect(missing).toEqual([]);
  });

  it('reads every option of every optimizer (the catalog’s field names)', () => {
    for (const [id, entry] of Object.entries(OPTIMIZERS)) {
      for (const field of Object.keys(entry.fields.fields)) expect(TRAIN_PY, `${id}.${field}`).toContain(`p["${field}"]`);
    }
  });
});

describe('tarGz', () => {
  it('writes an archive that tar lists and unpacks to the same files, modes included', () => {
    const files = [
      { path: 'b/README.md', content: '# héllo\n' },
      { path: 'b/train.py', content: 'print(1)\n', mode: 0o755 },
      { path: 'b/data.bin', content: Uint8Array.from({ length: 1500 }, (_, i) => i % 251) },
      { path: 'b/empty.txt', content: '' },
    ];
    const dir = mkdtempSync(path.join(tmpdir(), 'nwb-tar-'));
    const archive = path.join(dir, 'b.tar.gz');
    writeFileSync(archive, tarGz(files));
    const listing = spawnSync('tar', ['-tvzf', archive], { encoding: 'utf8' });
    expect(listing.status, listing.stderr).toBe(0);
    expect(listing.stdout).toMatch(/-rwxr-xr-x .* b\/train\.py/);
    expect(spawnSync('tar', ['-xzf', archive, '-C', dir]).status).toBe(0);
    for (const f of files) {
      const expected = typeof f.content === 'string' ? Buffer.from(f.content) : Buffer.from(f.content);
      expect(readFileSync(path.join(dir, f.path)).equals(expected), f.path).toBe(true);
    }
  });
});
