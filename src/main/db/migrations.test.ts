import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations';

/**
 * Digests of the SQL as released. Files already on people's disks ran exactly this text, so a migration is
 * never edited: a CHECK list derived from a table (run states) must still give these bytes. When the table
 * changes, write the old list out in the old migration and add a new migration for the new list.
 */
const RELEASED_SQL_SHA256: Record<number, string> = {
  1: 'b9c20ee85a96b1d997bb468190793bb61ad875a7693a3943615f5a8edcc2f431',
  2: '65a159018d86f779335676c62433634952465da3f83b8047d7ec697933e3df32',
  3: '23d5186fb75a9749c36c6f8309d29f23be76b370fababc679060753aa8fb3718',
  4: '6b20b40c31c6fc3b11582f1e7b90a02f5fbf84db6d96dd2c624fa2a9cffdc2f0',
  5: 'a86bc99a3bd2dda21cb9a344eec9a3fbc683bd061f2047fd9befa6eedf780499',
  6: '6d1e8169be614173f648073a636347c4c908f949319f494f169c717e632954d8',
  7: '3c22ee8dd63126e72db72b02e4e80bf9ff37d10bb5a3ec80f13b5f433a6e855b',
};

describe('migrations', () => {
  it('keep the released SQL of every migration byte for byte', () => {
    for (const m of MIGRATIONS) {
      if (!(m.version in RELEASED_SQL_SHA256)) continue;
      expect(createHash('sha256').update(m.sql).digest('hex'), `migration ${m.version}`).toBe(RELEASED_SQL_SHA256[m.version]);
    }
  });
});
