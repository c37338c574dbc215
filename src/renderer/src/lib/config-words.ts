/**
 * A stored run's settings in words: every key named by the catalog field it was resolved from
 * (`optimizer.params.lr` → "Learning rate"), every choice by its entry's label (`crossEntropy` → "Cross-entropy"),
 * every enum by its option's label. The technical path stays on each row for a "details" view and for diffing.
 */
import type { Catalog } from '../../../engine/catalog/choice';
import type { Field, FieldSet } from '../../../engine/catalog/fields';
import { LAYERS } from '../../../engine/catalog/layers';
import { LOSSES } from '../../../engine/catalog/losses';
import { OPTIMIZERS } from '../../../engine/catalog/optimizers';
import { SCHEDULES } from '../../../engine/catalog/schedules';
import {
  BACKPROP_FIELDS, CLIPPING_FIELDS, EARLY_STOPPING_FIELDS, EARLY_STOPPING_FORM_FIELDS, ELM_FIELDS, TRAINERS,
} from '../../../engine/catalog/trainer-fields';
import type { TrainerConfig } from '../../../engine/trainers/types';
import type { PrepareSettings } from '../../../shared/api';
import { PREPARE_LABELS, SCALINGS, TARGET_SCALINGS } from '../../../shared/prepare-vocabulary';
import { formatNumber } from './format';

export interface SettingRow {
  /** The stored key, e.g. `trainer.optimizer.params.lr`. */
  path: string;
  /** Its words, e.g. "Learning rate". */
  label: string;
  value: string;
}

/** A value as its field shows it: an enum's option label, Yes/No, a number with sensible digits. */
function fieldValue(field: Field | undefined, value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (field?.type === 'enum') return field.options.find((o) => o.value === value)?.label ?? String(value);
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return formatNumber(value, 6);
  return String(value);
}

function fieldRows(set: FieldSet, values: Readonly<Record<string, unknown>>, path: string, prefix = ''): SettingRow[] {
  return Object.entries(values).map(([key, v]) => {
    const field = set.fields[key];
    // A key no field describes is an engine knob (e.g. ELM chunk rows): shown by its key, honestly.
    return { path: `${path}.${key}`, label: `${prefix}${field?.label ?? key}`, value: fieldValue(field, v) };
  });
}

function choiceRows(catalog: Catalog, noun: string, choice: { id: string; params?: Readonly<Record<string, unknown>> }, path: string): SettingRow[] {
  const entry = catalog[choice.id] as Catalog[string] | undefined;
  return [
    { path: `${path}.id`, label: noun, value: entry?.label ?? choice.id },
    ...(entry ? fieldRows(entry.fields, choice.params ?? {}, `${path}.params`, `${noun}: `) : []),
  ];
}

function layerRows(layers: readonly { type: string }[], path: string): SettingRow[] {
  return layers.flatMap((layer, i) => {
    const entry = (LAYERS as Record<string, (typeof LAYERS)[keyof typeof LAYERS] | undefined>)[layer.type];
    const { type: _type, ...settings } = layer as { type: string } & Record<string, unknown>;
    const name = `Layer ${i + 1} (${entry?.label ?? layer.type})`;
    return [
      { path: `${path}.${i}.type`, label: `Layer ${i + 1}`, value: entry?.label ?? layer.type },
      ...(entry ? fieldRows(entry.fields, settings, `${path}.${i}`, `${name}: `) : []),
    ];
  });
}

function trainerRows(config: TrainerConfig, withModel: boolean): SettingRow[] {
  const rows: SettingRow[] = [{ path: 'trainer.trainer', label: 'Trainer', value: TRAINERS[config.trainer].label }];
  if (config.trainer === 'elm') {
    const { trainer: _trainer, ...elm } = config;
    return [...rows, ...fieldRows(ELM_FIELDS, elm, 'trainer')];
  }
  const { model, optimizer, loss, schedule, earlyStopping, clipping, epochs, batchSize } = config;
  rows.push(...fieldRows(BACKPROP_FIELDS, { epochs, batchSize }, 'trainer'));
  rows.push(...choiceRows(OPTIMIZERS, 'Optimizer', optimizer, 'trainer.optimizer'));
  rows.push(...choiceRows(LOSSES, 'Loss', loss, 'trainer.loss'));
  if (schedule) rows.push(...choiceRows(SCHEDULES, 'Learning-rate schedule', schedule, 'trainer.schedule'));
  const stopping = EARLY_STOPPING_FORM_FIELDS.fields.enabled.label;
  rows.push({ path: 'trainer.earlyStopping', label: stopping, value: earlyStopping ? 'On' : 'Off' });
  if (earlyStopping) rows.push(...fieldRows(EARLY_STOPPING_FIELDS, earlyStopping, 'trainer.earlyStopping', `${stopping}: `));
  if (clipping) {
    const { mode, value } = clipping;
    rows.push(...fieldRows(CLIPPING_FIELDS, mode === 'none' ? { mode } : { mode, value }, 'trainer.clipping'));
  }
  if (withModel) rows.push(...layerRows(model.layers, 'trainer.model.layers'));
  return rows;
}

const yesNo = (b: boolean): string => (b ? 'Yes' : 'No');
const percent = (r: number): string => `${formatNumber(r * 100, 3)} %`;

function prepareRows(p: PrepareSettings): SettingRow[] {
  const split = p.split.fixedTrainRows !== null
    ? `the dataset's own split (first ${p.split.fixedTrainRows.toLocaleString('en-US')} rows train + validation)`
    : `${percent(p.split.train)} train · ${percent(p.split.val)} validation · ${percent(p.split.test)} test`;
  const row = (key: keyof typeof PREPARE_LABELS, value: string): SettingRow => ({ path: `data.${key}`, label: PREPARE_LABELS[key], value });
  return [
    row('scaling', SCALINGS[p.scaling].label),
    row('oneHot', yesNo(p.oneHot)),
    row('targetScaling', TARGET_SCALINGS[p.targetScaling].label),
    row('split', split),
    row('stratified', yesNo(p.stratified)),
    row('seed', String(p.seed)),
  ];
}

export interface RunSettings {
  trainerConfig: TrainerConfig;
  seed: number;
  prepare: PrepareSettings;
  datasetName?: string;
}

/** Every setting of a run in words; `withModel` adds the design's layers (the run page shows those on their own). */
export function describeSettings(run: RunSettings, withModel = false): SettingRow[] {
  return [
    ...(run.datasetName === undefined ? [] : [{ path: 'dataset', label: 'Dataset', value: run.datasetName }]),
    ...trainerRows(run.trainerConfig, withModel),
    { path: 'seed', label: 'Seed (random starting weights)', value: String(run.seed) },
    ...prepareRows(run.prepare),
  ];
}

export interface SettingDiff {
  path: string;
  label: string;
  /** One cell per run; '—' where a setting is absent. */
  values: string[];
}

/** Only the settings that are not the same for every run, in the order the first run that has them lists them. */
export function settingsDiff(runs: readonly RunSettings[]): SettingDiff[] {
  const described = runs.map((r) => new Map(describeSettings(r, true).map((row) => [row.path, row])));
  const labels = new Map<string, string>();
  for (const rows of described) for (const [path, row] of rows) if (!labels.has(path)) labels.set(path, row.label);
  return [...labels].flatMap(([path, label]) => {
    const values = described.map((rows) => rows.get(path)?.value ?? '—');
    return values.some((v) => v !== values[0]) ? [{ path, label, values }] : [];
  });
}
