/** Predictions of a finished run's saved model for a CSV file or one typed-in row. */
import { labelReader, numericValues } from '../../engine/data/column-values';
import type { DecodedPredictions } from '../../engine/data/preprocess';
import type { Column, Table } from '../../engine/data/table';
import { classificationReport } from '../../engine/metrics/classification';
import { regressionScores } from '../../engine/metrics/regression';
import { loadModel, parseTrainedModel, predictTable, type TrainedModel } from '../../engine/model/trained-model';
import { convertColumn, featureStorage, inputTable, missingColumns } from '../datasets/columns';
import { importCsvInWorker } from '../datasets/csv-import-in-worker';
import { isMissingToken, parseNumberToken } from '../datasets/csv-tokens';
import type { Store } from '../db/open-store';
import type { PredictionScore, PredictionTable } from '../../shared/api';
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
  // A file that has the model's target column is scored against it, and keeps that column in the output.
  const target = result.table.columns.find((c) => c.name === model.preprocessing.target.name);
  const actual = target && model.task === 'regression' ? convertColumn(target, 'numeric', result.decimalComma) : target;
  return predictionTable(model, inputTable(result.table, features, result.decimalComma), actual);
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

/** The inputs as given (and the true target when known), the prediction, and for classification one probability column per class. */
function predictionTable(model: TrainedModel, table: Table, actual?: Column): PredictionTable {
  const decoded = predictTable(loadModel(model), table);
  const classification = model.task === 'classification';
  const inputs = actual ? [...table.columns, actual] : table.columns;
  const columns = [...inputs.map((c) => c.name), 'prediction', ...(classification ? model.classes.map((c) => `p(${c})`) : [])];
  const k = model.classes.length;
  const rows = Array.from({ length: table.rowCount }, (_, r) => {
    const given = inputs.map((c) => cell(c, r));
    if (!classification) return [...given, decoded.values![r]];
    const p = decoded.probabilities!.data;
    return [...given, decoded.labels![r], ...Array.from({ length: k }, (_, j) => p[r * k + j])];
  });
  return { columns, rows, ...(actual ? { score: scoreAgainst(model, decoded, actual) } : {}) };
}

/** Scores of the rows whose true value is given (and, for classification, is one of the model's classes). */
function scoreAgainst(model: TrainedModel, decoded: DecodedPredictions, actual: Column): PredictionScore {
  const n = actual.kind === 'numeric' ? actual.values.length : actual.codes.length;
  const scored: number[] = [];
  if (model.task === 'classification') {
    const read = labelReader(actual);
    const classIndex = new Map(model.classes.map((c, i) => [c, i]));
    const truth: number[] = [];
    for (let r = 0; r < n; r++) {
      const c = classIndex.get(read(r) ?? '');
      if (c !== undefined) {
        truth.push(c);
        scored.push(r);
      }
    }
    const report = classificationReport(Int32Array.from(truth), Int32Array.from(scored, (r) => decoded.classIndex![r]), model.classes.length);
    const metrics = scored.length ? { accuracy: report.accuracy, balancedAccuracy: report.balancedAccuracy } : {};
    return { target: actual.name, rows: scored.length, skipped: n - scored.length, metrics };
  }
  const values = numericValues(actual);
  for (let r = 0; r < n; r++) if (!Number.isNaN(values[r])) scored.push(r);
  const column = (v: (r: number) => number) => ({ rows: scored.length, cols: 1, data: Float64Array.from(scored, v) });
  const s = regressionScores(column((r) => values[r]), column((r) => decoded.values![r]));
  const metrics = scored.length ? { rmse: s.rmse, mae: s.mae, r2: s.r2 } : {};
  return { target: actual.name, rows: scored.length, skipped: n - scored.length, metrics };
}

function cell(column: Column, row: number): string | number {
  if (column.kind === 'numeric') return Number.isNaN(column.values[row]) ? '' : column.values[row];
  const code = column.codes[row];
  return code < 0 ? '' : column.categories[code];
}
