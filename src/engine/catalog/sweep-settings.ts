/**
 * The settings a command-line flag or a sweep axis can name: ONE table from the flag's name ("lr",
 * "batch-size") to where the value sits in the trainer settings and how its text reads. The `train` command's
 * flags, `cli sweep --grid` and the Studies form all read it, so "lr" means optimizer.params.lr everywhere.
 * Whether a value fits is never decided here: every point goes through resolveTrainerConfig.
 *
 * Layer widths, depth and dropout are not single settings: they reshape the design (see reshapeDesign).
 */
import type { LayerSpec, ModelSpec } from '../model/spec';
import { hasId, idsOf, type Field } from './fields';
import { InputError } from './input-error';
import { LAYER_FIELDS } from './layers';
import { LOSSES } from './losses';
import { ADAM_FIELDS, OPTIMIZERS, SGD_FIELDS } from './optimizers';
import { SCHEDULES } from './schedules';
import { BACKPROP_FIELDS, EARLY_STOPPING_FIELDS, ELM_FIELDS, type TrainerId } from './trainer-fields';

type SettingKind = 'number' | 'integer' | 'id';

interface SettingEntry {
  readonly trainer: TrainerId;
  /** Dotted path in the trainer settings, or 'design' for the three that reshape the layers. */
  readonly path: string;
  readonly label: string;
  readonly kind: SettingKind;
  /** Ranges of this setting are usually spaced on a log scale (the Studies form's first choice). */
  readonly logScale: boolean;
  /** The words of each id the setting takes (catalog labels), where its values are ids. */
  readonly choices?: Readonly<Record<string, string>>;
}

const fromField = (trainer: TrainerId, path: string, f: Field): SettingEntry => ({
  trainer, path, label: f.label,
  kind: f.type === 'integer' ? 'integer' : f.type === 'number' ? 'number' : 'id',
  logScale: f.type === 'number' && f.logScale === true,
  ...(f.type === 'enum' ? { choices: Object.fromEntries(f.options.map((o) => [o.value, o.label])) } : {}),
});
const idSetting = (trainer: TrainerId, path: string, label: string, catalog: Readonly<Record<string, { readonly label: string }>>): SettingEntry => ({
  trainer, path, label, kind: 'id', logScale: false, choices: Object.fromEntries(Object.entries(catalog).map(([id, e]) => [id, e.label])),
});

export const SETTINGS = {
  optimizer: idSetting('backprop', 'optimizer.id', 'Optimizer', OPTIMIZERS),
  lr: fromField('backprop', 'optimizer.params.lr', ADAM_FIELDS.fields.lr),
  momentum: fromField('backprop', 'optimizer.params.momentum', SGD_FIELDS.fields.momentum),
  'weight-decay': fromField('backprop', 'optimizer.params.weightDecay', ADAM_FIELDS.fields.weightDecay),
  loss: idSetting('backprop', 'loss.id', 'Loss', LOSSES),
  schedule: idSetting('backprop', 'schedule.id', 'Learning-rate schedule', SCHEDULES),
  'batch-size': fromField('backprop', 'batchSize', BACKPROP_FIELDS.fields.batchSize),
  epochs: fromField('backprop', 'epochs', BACKPROP_FIELDS.fields.epochs),
  patience: fromField('backprop', 'earlyStopping.patience', EARLY_STOPPING_FIELDS.fields.patience),
  width: { ...fromField('backprop', 'design', LAYER_FIELDS.dense.fields.units), label: 'Units per hidden layer' },
  depth: { trainer: 'backprop', path: 'design', label: 'Hidden layers', kind: 'integer', logScale: false },
  dropout: fromField('backprop', 'design', LAYER_FIELDS.dropout.fields.rate),
  'hidden-units': fromField('elm', 'hiddenUnits', ELM_FIELDS.fields.hiddenUnits),
  'elm-activation': fromField('elm', 'activation', ELM_FIELDS.fields.activation),
  solver: fromField('elm', 'solver', ELM_FIELDS.fields.solver),
  c: fromField('elm', 'c', ELM_FIELDS.fields.c),
} as const satisfies Record<string, SettingEntry>;

export type SettingName = keyof typeof SETTINGS;
type PointValue = number | string;
/** One point of a sweep: a value per swept setting. */
export type SweepPoint = Readonly<Partial<Record<SettingName, PointValue>>>;

/** An axis: the values to try, written out or as a range (`start:end:log|lin:count`). */
export type SweepAxis =
  | { readonly setting: SettingName; readonly values: PointValue[] }
  | { readonly setting: SettingName; readonly range: { readonly start: number; readonly end: number; readonly scale: 'log' | 'lin'; readonly count: number } };

/** The flag that sets a path of the trainer settings (the CLI names the flag when the catalog refuses a value). */
export function settingOfPath(trainer: TrainerId, path: string): SettingName | null {
  return idsOf(SETTINGS).find((name) => SETTINGS[name].trainer === trainer && SETTINGS[name].path === path) ?? null;
}

function badGrid(message: string): InputError {
  return new InputError('INVALID_CONFIG', message, { field: 'grid' });
}

/**
 * The values of an axis on a grid: a range is spaced evenly (on a log scale: evenly in log), whole-number
 * settings are rounded and repeated values dropped. Throws an InputError for a range that cannot be spaced.
 */
export function axisValues(axis: SweepAxis): PointValue[] {
  if ('values' in axis) return [...axis.values];
  const { start, end, scale, count } = axis.range;
  const name = axis.setting;
  if (!Number.isInteger(count) || count < 1) throw badGrid(`${name}: the number of values must be a whole number ≥ 1, not ${count}`);
  if (scale === 'log' && !(start > 0 && end > 0)) throw badGrid(`${name}: a log range needs start and end > 0`);
  const [a, b] = scale === 'log' ? [Math.log(start), Math.log(end)] : [start, end];
  const values = Array.from({ length: count }, (_, i) => {
    const t = count === 1 ? a : a + ((b - a) * i) / (count - 1);
    const v = scale === 'log' ? Math.exp(t) : t;
    return SETTINGS[name].kind === 'integer' ? Math.round(v) : Number(v.toPrecision(12));
  });
  return [...new Set(values)];
}

/** How many points a grid over these axes has (1 with no axis: the base settings alone). */
export function gridSize(axes: readonly SweepAxis[]): number {
  return axes.reduce((n, axis) => n * axisValues(axis).length, 1);
}

/** Every combination of the axes' values, the first axis changing slowest. */
export function gridPoints(axes: readonly SweepAxis[]): SweepPoint[] {
  let points: SweepPoint[] = [{}];
  for (const axis of axes) {
    const values = axisValues(axis);
    points = points.flatMap((p) => values.map((v) => ({ ...p, [axis.setting]: v })));
  }
  return points;
}

function parseNumber(name: string, text: string): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) throw badGrid(`${name}=${text}: "${text}" is not a number`);
  return v;
}

/** One `name=…` part of `--grid`. */
function parseAxis(part: string): SweepAxis {
  const eq = part.indexOf('=');
  if (eq < 0) throw badGrid(`"${part}": expected name=values, e.g. lr=1e-4:1e-1:log:4 or batch-size=32,128`);
  const name = part.slice(0, eq).trim();
  const text = part.slice(eq + 1).trim();
  if (!hasId(SETTINGS, name)) throw badGrid(`"${name}" is not a setting a sweep can change (known: ${idsOf(SETTINGS).join(', ')})`);
  if (text === '') throw badGrid(`${name}=: no values given`);
  const numeric = SETTINGS[name].kind !== 'id';
  if (text.includes(':')) {
    const parts = text.split(':');
    if (!numeric || parts.length !== 4 || (parts[2] !== 'log' && parts[2] !== 'lin')) {
      throw badGrid(`${name}=${text}: a range is start:end:log|lin:count${numeric ? '' : `, and ${name} takes a list of names`}`);
    }
    const range = { start: parseNumber(name, parts[0]), end: parseNumber(name, parts[1]), scale: parts[2] === 'log' ? 'log' as const : 'lin' as const, count: parseNumber(name, parts[3]) };
    const axis: SweepAxis = { setting: name, range };
    axisValues(axis);
    return axis;
  }
  const values = text.split(',').map((v) => v.trim());
  if (values.some((v) => v === '')) throw badGrid(`${name}=${text}: an empty value in the list`);
  return { setting: name, values: numeric ? values.map((v) => parseNumber(name, v)) : values };
}

/**
 * `lr=1e-4:1e-1:log:4;batch-size=32,128` → axes. Throws an InputError naming the part that does not read
 * (unknown setting, bad number, bad range, an axis given twice).
 */
export function parseGrid(text: string): SweepAxis[] {
  const parts = text.split(';').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0) throw badGrid('the grid is empty: give at least one axis, e.g. lr=1e-4:1e-1:log:4');
  const axes = parts.map(parseAxis);
  const seen = new Set<string>();
  for (const a of axes) {
    if (seen.has(a.setting)) throw badGrid(`${a.setting} is given twice in the grid`);
    seen.add(a.setting);
  }
  return axes;
}

/** `{ lr: 0.01, 'batch-size': 32 }` → "lr=0.01, batch-size=32": a point as the CLI's flags write it. */
export function pointLabel(point: SweepPoint): string {
  return Object.entries(point).map(([k, v]) => `${k}=${String(v)}`).join(', ');
}

/** A value as the setting's choices word it ("adam" → "Adam"); numbers and unknown ids as written. */
export function valueWords(name: SettingName, value: PointValue | undefined): string {
  if (value === undefined) return '—';
  const choices: Readonly<Record<string, string>> | undefined = (SETTINGS[name] as SettingEntry).choices;
  return (typeof value === 'string' && choices && Object.hasOwn(choices, value) ? choices[value] : undefined) ?? String(value);
}

/** `{ lr: 0.01, optimizer: 'sgd' }` → "learning rate 0.01, optimizer SGD": a point in a person's words. */
export function pointWords(point: SweepPoint): string {
  return (Object.entries(point) as [SettingName, PointValue][])
    .map(([k, v]) => `${settingWords(k)} ${valueWords(k, v)}`).join(', ');
}

/** A setting's label inside a sentence: "Learning rate" → "learning rate", but "C (ridge)" keeps its capital. */
export function settingWords(name: SettingName): string {
  const label = SETTINGS[name].label;
  return /^[A-Z][a-z]/.test(label) ? label[0].toLowerCase() + label.slice(1) : label;
}

function setAt(target: Record<string, unknown>, path: string, value: PointValue): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    node = node[key] = typeof next === 'object' && next !== null && !Array.isArray(next) ? { ...(next as Record<string, unknown>) } : {};
  }
  node[keys[keys.length - 1]] = value;
}

/**
 * The design with the sweep's width (units of every dense layer), depth (the first `depth` blocks, a block
 * being a dense layer and the layers after it up to the next dense one; the last block repeated when more are
 * asked) and dropout (the rate of every block's dropout layer, one added after each block that has none).
 */
export function reshapeDesign(design: ModelSpec, shape: { width?: number; depth?: number; dropout?: number }): ModelSpec {
  const firstDense = design.layers.findIndex((l) => l.type === 'dense');
  if (firstDense < 0) throw badGrid('the design has no dense layer for width, depth or dropout to change');
  const prefix = design.layers.slice(0, firstDense);
  let blocks: LayerSpec[][] = [];
  for (const layer of design.layers.slice(firstDense)) {
    if (layer.type === 'dense') blocks.push([layer]);
    else blocks[blocks.length - 1].push(layer);
  }
  if (shape.depth !== undefined) {
    const depth = shape.depth;
    blocks = Array.from({ length: depth }, (_, i) => blocks[Math.min(i, blocks.length - 1)]);
  }
  blocks = blocks.map((block) => {
    let out = block.map((l) => (l.type === 'dense' && shape.width !== undefined ? { ...l, units: shape.width } : l));
    if (shape.dropout !== undefined) {
      const rate = shape.dropout;
      out = out.some((l) => l.type === 'dropout')
        ? out.map((l) => (l.type === 'dropout' ? { ...l, rate } : l))
        : [...out, { type: 'dropout', rate }];
    }
    return out;
  });
  return { layers: [...prefix, ...blocks.flat()] };
}

/**
 * The raw trainer settings (and design) of one point: the base with the point's values written at their
 * paths. The result still has to pass resolveTrainerConfig; a setting of the other trainer is refused here.
 */
export function applyPoint(
  base: Readonly<Record<string, unknown>>, design: ModelSpec | null, point: SweepPoint,
): { raw: Record<string, unknown>; design: ModelSpec | null } {
  const raw: Record<string, unknown> = { ...base };
  const shape: { width?: number; depth?: number; dropout?: number } = {};
  for (const name of idsOf(SETTINGS).filter((n) => point[n] !== undefined)) {
    const entry = SETTINGS[name];
    const value = point[name]!;
    if (entry.trainer !== base.trainer) throw badGrid(`${name} is a setting of the ${entry.trainer} trainer, not of ${String(base.trainer)}`);
    if (entry.path !== 'design') setAt(raw, entry.path, value);
    else if (typeof value !== 'number') throw badGrid(`${name}=${value}: expected a number`);
    else shape[name as 'width' | 'depth' | 'dropout'] = value;
  }
  if (Object.keys(shape).length === 0) return { raw, design };
  const current = design ?? (raw.model as ModelSpec | undefined) ?? null;
  if (!current || !Array.isArray(current.layers)) throw badGrid('width, depth and dropout need a design to change');
  if (shape.depth !== undefined && !(Number.isInteger(shape.depth) && shape.depth >= 1)) throw badGrid(`depth=${shape.depth}: expected a whole number ≥ 1`);
  const reshaped = reshapeDesign(current, shape);
  if (design) return { raw, design: reshaped };
  return { raw: { ...raw, model: reshaped }, design: null };
}
