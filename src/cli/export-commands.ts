/**
 * `export` and `import-run`: the run page's exports and the "Import run" button, headless.
 *
 *   cli export --model model.json --format onnx --out model.onnx
 *   cli export --run ID --format onnx --out model.onnx [--data-dir DIR]
 *   cli export --run ID --format pytorch --out DIR [--data-dir DIR]
 *   cli import-run DIR [--data-dir DIR]
 *
 * `--data-dir` is the folder of the app's store (default: the app's own, as `npm run serve` uses it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseTrainedModel } from '../engine/model/trained-model';
import { ApiError } from '../main/api/api-error';
import { TableCache } from '../main/api/table-cache';
import { defaultUserDataDir } from '../main/db/default-path';
import { openStore, type Store } from '../main/db/open-store';
import { isStoreError } from '../main/db/store-error';
import { exportTemplatesDir } from '../main/export/bundle/run-bundle';
import { runBundleFiles, runOnnx, writeBundleDir } from '../main/export/export-run';
import { importRun, readImportFolder } from '../main/export/import-run';
import { exportOnnx } from '../main/export/onnx/export-onnx';
import { CliError } from './cli-error';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const version = (): string => (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** The API's and the store's refusals are the user's to fix: one line, exit code 2. */
async function explained<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof ApiError || isStoreError(e)) throw new CliError(e.message);
    throw e;
  }
}

function parse<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (e) {
    throw new CliError((e as Error).message);
  }
}

async function withStore<T>(dataDir: string | undefined, work: (store: Store) => T | Promise<T>): Promise<T> {
  const store = await explained(() => openStore({ dir: path.resolve(dataDir ?? defaultUserDataDir()) }));
  try {
    return await explained(() => work(store));
  } finally {
    store.close();
  }
}

function write(file: string, bytes: Uint8Array): void {
  try {
    writeFileSync(file, bytes);
  } catch (e) {
    throw new CliError(`cannot write ${file}: ${(e as Error).message}`);
  }
}

function readModelFile(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CliError(`cannot read model ${file}: ${(e as Error).message}`);
  }
}

export async function exportCommand(argv: string[]): Promise<void> {
  const { values } = parse(argv, {
    model: { type: 'string' }, run: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, 'data-dir': { type: 'string' },
  });
  const { format, out } = values;
  if (format !== 'onnx' && format !== 'pytorch') throw new CliError('export needs --format onnx or --format pytorch');
  if (!out) throw new CliError('export needs --out (a file for onnx, a new or empty folder for pytorch)');
  if ((values.model === undefined) === (values.run === undefined)) throw new CliError('export needs either --model model.json or --run ID');
  if (values.model !== undefined) {
    if (format !== 'onnx') throw new CliError('--model exports to onnx only; a pytorch bundle needs the run (--run ID), whose data and split it carries');
    const model = parseTrainedModel(readModelFile(values.model));
    write(out, exportOnnx(model, { name: path.basename(values.model, '.json'), version: version() }));
    process.stdout.write(`ONNX model written to ${out}\n`);
    return;
  }
  const id = Number(values.run);
  if (!Number.isInteger(id) || id < 1) throw new CliError(`--run ${String(values.run)}: expected a run number`);
  await withStore(values['data-dir'], (store) => {
    if (format === 'onnx') {
      write(out, runOnnx(store, id, version()).bytes);
      process.stdout.write(`ONNX model of run ${id} written to ${out}\n`);
      return;
    }
    const templatesDir = exportTemplatesDir(path.join(ROOT, 'resources', 'samples'));
    const { files } = runBundleFiles(store, new TableCache(store), id, { version: version(), templatesDir });
    writeBundleDir(out, files);
    process.stdout.write(`PyTorch bundle of run ${id} written to ${out}: cd there and run \`python train.py\` (see its README.md)\n`);
  });
}

export async function importRunCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { 'data-dir': { type: 'string' } }, true);
  if (positionals.length !== 1) throw new CliError('import-run needs one folder: the bundle folder train.py ran in');
  const run = await withStore(values['data-dir'], (store) => importRun(store, readImportFolder(positionals[0])));
  process.stdout.write(`imported as run ${run.id} "${run.name}" (${run.origin?.label ?? 'external'})\n`);
}
