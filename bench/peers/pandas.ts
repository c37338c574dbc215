/**
 * pandas `read_csv` as the peer of the CSV import: bench/peers/pandas_read_csv.py under Debian's /usr/bin/python3,
 * on the very file the engine imported. A peer, not a dependency: without that Python or pandas it says why.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./pandas_read_csv.py', import.meta.url));

export interface PandasReadCsv { version: string; seconds: number; rows: number; cols: number; peakRssMb: number }

/** pandas' time to read `path`, or why it could not run. */
export function pandasReadCsv(path: string, python = PYTHON): PandasReadCsv | { missing: string } {
  if (!existsSync(python)) return { missing: `${python} not found` };
  const r = spawnSync(python, [SCRIPT, path], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) {
    const why = r.stderr.trim().split('\n').pop() ?? `exit ${r.status}`;
    return { missing: why.includes("No module named 'pandas'") ? `${python} has no pandas` : `${python} failed: ${why}` };
  }
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as PandasReadCsv;
}
