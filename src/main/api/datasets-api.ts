import path from 'node:path';
import type { Column, Task } from '../../engine/data/table';
import type { ColumnStats } from '../datasets/column-profile';
import { targetProblem } from '../datasets/columns';
import type { DatasetColumnMeta, DatasetHead, DatasetPatch } from '../db/datasets-repo';
import type { ApiRequest, DatasetView } from '../../shared/api';
import { suggestedTask } from '../../shared/column-vocabulary';
import { quote } from '../../shared/quote';
import { ApiError } from './api-error';
import type { ApiContext, Handlers } from './api-context';
import { DatasetImports, type ImportSource } from './dataset-import';
import { decimalCommaOf } from './dataset-recipe';
import { datasetSummaryView, datasetView, LISTED_COLUMNS } from './dataset-views';
import { findSample, readSamples, sampleView } from './samples';

type DatasetHandlers = Pick<Handlers,
  'datasets.list' | 'datasets.samples' | 'datasets.get' | 'datasets.rows' | 'datasets.import' | 'datasets.cancelImport' |
  'datasets.update' | 'datasets.delete'>;

export function datasetHandlers(ctx: ApiContext): DatasetHandlers {
  const imports = new DatasetImports(ctx);
  const head = (id: number): DatasetHead => {
    const found = ctx.store.datasets.head(id);
    if (!found) throw new ApiError('NOT_FOUND', `dataset ${id} does not exist`, { field: 'id' });
    return found;
  };
  // A view reads the listed columns' descriptions and the target's values only: a wide dataset is never loaded
  // whole (nor its 50,000 column descriptions) to show its page.
  const view = async (id: number): Promise<DatasetView> => {
    const features = await ctx.store.datasets.featureTypeCounts(id);
    const found = head(id);
    return datasetView({
      head: found,
      listed: ctx.store.datasets.someColumns(id, { first: LISTED_COLUMNS }),
      features,
      table: ctx.store.datasets.loadColumns(id, found.target === null ? [] : [found.target]),
    });
  };
  const changed = (id: number) => ctx.events.emit('datasets.changed', { ids: [id] });

  return {
    'datasets.list': () => ctx.store.datasets.list().map(datasetSummaryView),
    'datasets.samples': () => readSamples(ctx.samplesDir).map(sampleView),
    'datasets.get': ({ id }) => view(id),
    'datasets.rows': ({ id, offset, limit }) => {
      // The listed columns only (those the page shows): a row of a wide dataset is not 50,000 cells.
      const { columnCount } = head(id);
      const table = columnCount <= LISTED_COLUMNS
        ? ctx.tables.get(id)
        : ctx.store.datasets.loadColumns(id, ctx.store.datasets.someColumns(id, { first: LISTED_COLUMNS }).map((c) => c.name));
      const end = Math.min(table.rowCount, offset + limit);
      const rows: string[][] = [];
      for (let r = offset; r < end; r++) rows.push(table.columns.map((c) => cellText(c, r)));
      return { columns: table.columns.map((c) => c.name), rows, total: table.rowCount };
    },
    'datasets.import': async (request) => {
      const id = await imports.run(request.importId, importSource(ctx, request), request.skipBadRows ?? false);
      changed(id);
      return await view(id);
    },
    'datasets.cancelImport': ({ importId }) => ({ cancelled: imports.cancel(importId) }),
    'datasets.update': (request) => {
      const current = head(request.id);
      // Only the columns the change names, the current target and the new one are read.
      const named = [...(request.columns ?? []).map((c) => c.name), ...(request.target === undefined ? [] : [request.target])];
      const involved = ctx.store.datasets.someColumns(current.id, { first: 0, names: named });
      const storedColumn = (name: string) => ctx.store.datasets.loadColumns(current.id, [name]).columns[0];
      ctx.store.datasets.update(current.id, datasetPatch(current, involved, request, storedColumn));
      changed(current.id);
      return view(current.id);
    },
    'datasets.delete': ({ id, force }) => {
      const { runCount } = head(id);
      if (runCount > 0 && !force) {
        throw new ApiError('DATASET_IN_USE', `${runCount} run(s) use this dataset; deleting it deletes them too`, { runs: runCount });
      }
      ctx.store.datasets.delete(id, { force: true });
      ctx.tables.forget(id);
      changed(id);
      return { deletedRuns: runCount };
    },
  };
}

function importSource(ctx: ApiContext, request: ApiRequest<'datasets.import'>): ImportSource {
  if ('sampleId' in request.source) {
    const sample = findSample(ctx.samplesDir, request.source.sampleId);
    return {
      path: sample.path, fileName: path.basename(sample.file), name: request.name ?? sample.title, target: sample.target,
      ...(sample.fixedTrainRows ? { fixedTrainRows: sample.fixedTrainRows } : {}),
    };
  }
  const { fileId } = request.source;
  const file = ctx.files.get(fileId);
  return { path: file.path, fileId, fileName: file.name, name: request.name ?? (file.name.replace(/\.[^.]*$/, '') || 'dataset') };
}

function cellText(column: Column, row: number): string {
  if (column.kind === 'numeric') return Number.isNaN(column.values[row]) ? '' : String(column.values[row]);
  const code = column.codes[row];
  return code < 0 ? '' : column.categories[code];
}

/**
 * Turns a request into one store patch, checked as a whole: exactly one target, a task that suits it
 * (re-suggested when only the target changes), at least two classes for classification. `involved` holds the
 * columns the request names and the current target (no other column can change).
 */
function datasetPatch(
  current: DatasetHead, involved: readonly DatasetColumnMeta[], request: ApiRequest<'datasets.update'>,
  storedColumn: (name: string) => Column | undefined,
): DatasetPatch {
  const byName = new Map(involved.map((c) => [c.name, c]));
  const final = new Map(involved.map((c) => [c.name, { type: c.chosenType, role: c.role }]));
  request.columns?.forEach((change, i) => {
    const column = final.get(change.name);
    if (!column) throw new ApiError('BAD_REQUEST', `columns.${i}.name: the dataset has no column ${quote(change.name)}`, { field: `columns.${i}.name` });
    if (change.type) column.type = change.type;
    if (change.role) column.role = change.role;
  });
  const requestedTargets = [...final].filter(([name, c]) => c.role === 'target' && byName.get(name)?.role !== 'target').map(([name]) => name);
  if (request.target !== undefined && !final.has(request.target)) {
    throw new ApiError('BAD_REQUEST', `target: the dataset has no column ${quote(request.target)}`, { field: 'target' });
  }
  if (requestedTargets.length > 1 || (request.target !== undefined && requestedTargets.some((n) => n !== request.target))) {
    throw new ApiError('BAD_REQUEST', 'columns: only one column can be the target', { field: 'columns' });
  }
  const target = request.target ?? requestedTargets[0] ?? current.target;
  for (const [name, c] of final) {
    if (name === target) c.role = 'target';
    else if (c.role === 'target') c.role = 'feature';
  }
  let task: Task | null = request.task ?? current.task;
  if (target !== null && target !== current.target && request.task === undefined) {
    const info = byName.get(target)!;
    task = suggestedTask(final.get(target)!.type, (info.stats as ColumnStats | null)?.distinct ?? null);
  }
  if (target !== null && task !== null) checkTarget(storedColumn(target), target, task, decimalCommaOf(current));

  const columns = involved
    .map((c) => ({ index: c.index, chosenType: final.get(c.name)!.type, role: final.get(c.name)!.role }))
    .filter((c, k) => c.chosenType !== involved[k].chosenType || c.role !== involved[k].role);
  return {
    ...(request.name !== undefined ? { name: request.name } : {}),
    ...(task !== current.task ? { task } : {}),
    ...(target !== current.target ? { target } : {}),
    ...(columns.length > 0 ? { columns } : {}),
    ...(request.prepare !== undefined ? { prepare: request.prepare } : {}),
  };
}

function checkTarget(column: Column | undefined, name: string, task: Task, decimalComma: boolean): void {
  if (!column) throw new ApiError('BAD_REQUEST', `target: the dataset has no column ${quote(name)}`, { field: 'target' });
  const problem = targetProblem(column, task, decimalComma);
  if (problem) throw new ApiError('INVALID_CONFIG', problem, { field: 'target' });
}
