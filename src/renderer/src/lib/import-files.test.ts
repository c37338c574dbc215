import { describe, expect, it } from 'vitest';
import { bundleFiles, type FolderFile } from './import-files';

const f = (path: string): FolderFile => ({ path, file: new Blob([path]) });
const text = (b: Blob | null) => (b ? b.text() : Promise.resolve(null));

describe('bundleFiles', () => {
  it('finds config.json at the top and train.py’s results under output/', async () => {
    const picked = bundleFiles([
      f('run-3/data.csv'), f('run-3/output/model.json'), f('run-3/config.json'), f('run-3/output/result.json'),
      f('run-3/output/metrics.jsonl'), f('run-3/old/output/result.json'), f('run-3/notes/config.json'),
    ]);
    expect(typeof picked).toBe('object');
    const p = picked as Exclude<typeof picked, string>;
    expect(await text(p.config)).toBe('run-3/config.json');
    expect(await text(p.result)).toBe('run-3/output/result.json');
    expect(await text(p.metrics)).toBe('run-3/output/metrics.jsonl');
    expect(await text(p.model)).toBe('run-3/output/model.json');
  });

  it('says what is missing: not a bundle, or not trained yet', () => {
    expect(bundleFiles([f('photos/a.jpg')])).toMatch(/no config\.json/);
    expect(bundleFiles([f('run-3/config.json'), f('run-3/train.py')])).toMatch(/run train\.py in it first/);
  });
});
