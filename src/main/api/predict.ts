/** Predictions of a finished run's saved model for a CSV file or one typed-in row. */
import type { Column, Table } from '../../engine/data/table';
import { loadModel, parseTrainedModel, predictTable, type TrainedModel } from '../../engine/model/trained-model';
import { featureStorage, inputTable, missingColumns } from '../datasets/columns';
import { importCsvInWorker } from '../datasets/csv-import-in-worker';
import { isMissingToken, parseNumberToken } from '../datasets/csv-tokens';
import type { Store } from '../db/open-store';
import type { PredictionTable } from '../../shared/api';
import { quote } from '../../shared/quote';
import { ApiError } from './api-error';

export function savedModel(store: Store, runId: number): TrainedModel {
  if (!store.runs.get(runId)) throw new ApiError('NOT_FOUND', `run ${runId} does not exist`, { field: 'id' });
  const artifact = store.runs.getArtifact(runId, 'model');
  if (!artifact) throw new ApiError('CONFLICT', `run ${runId} has no trained model (it did not complete)`);
  return parseTrainedModel(artifact.json);
}

export async function predictFile(model: TrainedModel, path: string, workerUrl?: URL): Promise<PredictionTable> {
  const result = await importCsvInWorker(path, {}, { workerUrl });
  const { features } = model.preprocessing;
  const missing = missingColumns(result.table, features).map((name) => quote(name));
  if (missing.length > 0) throw new ApiError('INVALID_CSV', `the file lacks the model's input column(s) ${missing.join(', ')}`, { missing });
  return predictionTable(model, inputTable(result.table, features, result.decimalComma));
}

/** One row from typed strings, each feature read in the kind it had in training. */
export function predictRow(model: TrainedModel, values: Record<string, string>): PredictionTable {
  const columns = model.preprocessing.features.map((feature): Column => {
    const { name } = feature;
    const kind = featureStorage(feature);
    const text = (Object.hasOwn(values, name) ? values[name] : '').trim();
    const missing = isMissingToken(text);
    if (kind === 'categorical') return { name, kind, codes: Int32Array.of(missing ? -1 : 0), categories: missing ? [] : [text] };
    const value = missing ? NaN : parseNumberToken(text, false);
    if (!missing && Number.isNaN(value)) throw new ApiError('BAD_REQUEST', `values.${name}: ${quote(text)} is not a number`, { field: `values.${name}` });
    return { name, kind, values: Float64Array.of(value) };
  });
  return predictionTable(model, { rowCount: 1, columns });
}

/** The inputs as given, the prediction, and for classification one probability column per class. */
function predictionTable(model: TrainedModel, table: Table): PredictionTable {
  const decoded = predictTable(loadModel(model), table);
  const classification = model.task === 'classification';
  const columns = [...table.columns.map((c) => c.name), 'prediction', ...(classification ? model.classes.map((c) => `p(${c})`) : [])];
  const k = model.classes.length;
  const rows = Array.from({ length: table.rowCount }, (_, r) => {
    const inputs = table.columns.map((c) => cell(c, r));
    if (!classification) return [...inputs, decoded.values![r]];
    const p = decoded.probabilities!.data;
    return [...inputs, decoded.labels![r], ...Array.from({ length: k }, (_, j) => p[r * k + j])];
  });
  return { columns, rows };
}

function cell(column: Column, row: number): string | number {
  if (column.kind === 'numeric') return Number.isNaN(column.values[row]) ? '' : column.values[row];
  const code = column.codes[row];
  return code < 0 ? '' : column.categories[code];
}
