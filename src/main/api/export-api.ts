/** Exports of a run (ONNX, PyTorch bundle) and the import of a bundle trained elsewhere. */
import type { Handlers, ApiContext } from './api-context';
import { exportTemplatesDir } from '../export/bundle/run-bundle';
import { tarGz } from '../export/bundle/tar';
import { runBundleFiles, runOnnx } from '../export/export-run';
import { importRun } from '../export/import-run';
import { runSummaryView } from './run-views';

type ExportHandlers = Pick<Handlers, 'runs.exportOnnx' | 'runs.exportBundle' | 'runs.importExternal'>;

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

export function exportHandlers(ctx: ApiContext, datasetName: (id: number) => string): ExportHandlers {
  return {
    'runs.exportOnnx': ({ id }) => {
      const { fileName, bytes } = runOnnx(ctx.store, id, ctx.version);
      return { fileName, mimeType: 'application/octet-stream', base64: base64(bytes) };
    },
    'runs.exportBundle': ({ id }) => {
      const { name, files } = runBundleFiles(ctx.store, ctx.tables, id, { version: ctx.version, templatesDir: exportTemplatesDir(ctx.samplesDir) });
      const archive = tarGz(files.map((f) => ({ ...f, path: `${name}/${f.path}` })));
      return { fileName: `${name}.tar.gz`, mimeType: 'application/gzip', base64: base64(archive) };
    },
    'runs.importExternal': ({ files }) => {
      const run = importRun(ctx.store, files);
      const view = runSummaryView(run, datasetName(run.datasetId));
      ctx.events.emit('run.updated', view);
      return view;
    },
  };
}
