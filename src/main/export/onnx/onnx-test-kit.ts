/**
 * For the tests: runs an exported model in ONNX Runtime (the oracle: an independent implementation of every
 * operator) on a table's columns, fed as a user of the file would feed them, and compares with the app.
 */
import { spawnSync } from 'node:child_process';
import * as ort from 'onnxruntime-node';
import { labelReader, numericValues } from '../../../engine/data/column-values';
import type { PreprocessState } from '../../../engine/data/preprocess';
import type { Table } from '../../../engine/data/table';

/** Numbers as float32 (NaN = missing), categories as their text ("" = missing). */
export function onnxFeeds(state: PreprocessState, table: Table): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const f of state.features) {
    const col = table.columns.find((c) => c.name === f.name);
    if (!col) throw new Error(`no column ${f.name}`);
    const n = table.rowCount;
    if (f.kind === 'numeric') feeds[f.name] = new ort.Tensor('float32', Float32Array.from(numericValues(col)), [n, 1]);
    else {
      const read = labelReader(col);
      feeds[f.name] = new ort.Tensor('string', Array.from({ length: n }, (_, r) => read(r) ?? ''), [n, 1]);
    }
  }
  return feeds;
}

export async function runOnnx(bytes: Uint8Array, feeds: Record<string, ort.Tensor>): Promise<Record<string, ort.Tensor>> {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  try {
    return await session.run(feeds);
  } finally {
    await session.release();
  }
}

/**
 * The largest normwise relative difference over the rows: max over rows of ‖a_i − b_i‖∞ / ‖b_i‖∞, so a tiny
 * probability next to a large one is judged against the row's scale, as float32 arithmetic can only promise.
 */
export function maxRowRelativeError(a: ArrayLike<number>, b: ArrayLike<number>, cols: number): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} and ${b.length}`);
  let worst = 0;
  for (let start = 0; start < b.length; start += cols) {
    let diff = 0;
    let scale = 0;
    for (let j = start; j < start + cols; j++) {
      diff = Math.max(diff, Math.abs(a[j] - b[j]));
      scale = Math.max(scale, Math.abs(b[j]));
    }
    worst = Math.max(worst, scale === 0 ? diff : diff / scale);
  }
  return worst;
}

/** Why Debian's onnx checker cannot run here, or null when it can. */
export function onnxCheckerUnavailable(python = '/usr/bin/python3'): string | null {
  const r = spawnSync(python, ['-c', 'import onnx; print(onnx.__version__)'], { encoding: 'utf8' });
  return r.status === 0 ? null : `${python} with the onnx package is not available (${(r.stderr || r.error?.message || '').trim().split('\n').at(-1)})`;
}

/** onnx.checker.check_model(full_check=True) on each file; returns one line per file ("ok" or the error). */
export function checkWithOnnxChecker(files: readonly string[], python = '/usr/bin/python3'): string[] {
  const script = [
    'import sys, onnx',
    'for path in sys.argv[1:]:',
    '    try:',
    '        onnx.checker.check_model(onnx.load(path), full_check=True)',
    '        print("ok")',
    '    except Exception as e:',
    '        print(("error " + path + ": " + str(e)).replace("\\n", " "))',
  ].join('\n');
  const r = spawnSync(python, ['-c', script, ...files], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the onnx checker failed to run: ${r.stderr}`);
  return r.stdout.trim().split('\n');
}
