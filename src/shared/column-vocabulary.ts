/**
 * The words for a dataset's columns, one table each: every TypeScript type, zod enum, SQL CHECK and UI list
 * derives from these. Zod-free (like run-status.ts) so the renderer can import it without bundling the schemas.
 */
import type { Column, Task } from '../engine/data/table';

/** How a column's values are kept: float64 numbers (NaN = missing) or codes into a list of categories. */
const STORAGE_KINDS = {
  numeric: { label: 'Numbers' },
  categorical: { label: 'Categories' },
} as const satisfies Record<Column['kind'], { label: string }>;

export type StorageKind = keyof typeof STORAGE_KINDS;

interface ColumnTypeInfo {
  /** Shown in the type menu. */
  readonly label: string;
  /** How a feature of this type reaches the network (a target is read by its task instead). */
  readonly storage: StorageKind;
  /** Text and constant columns carry nothing a network can learn from, so they never become features. */
  readonly usableAsFeature: boolean;
}

/** What the importer infers and a person may choose instead. */
export const COLUMN_TYPES = {
  numeric: { label: 'Number', storage: 'numeric', usableAsFeature: true },
  integer: { label: 'Whole number', storage: 'numeric', usableAsFeature: true },
  categorical: { label: 'Category', storage: 'categorical', usableAsFeature: true },
  boolean: { label: 'Yes / no', storage: 'categorical', usableAsFeature: true },
  text: { label: 'Text (not used)', storage: 'categorical', usableAsFeature: false },
  constant: { label: 'Constant (not used)', storage: 'categorical', usableAsFeature: false },
} as const satisfies Record<string, ColumnTypeInfo>;

export type ColumnType = keyof typeof COLUMN_TYPES;

/** What a column does in training. */
export const COLUMN_ROLES = {
  feature: { label: 'Input' },
  target: { label: 'To predict' },
  ignored: { label: 'Not used' },
} as const satisfies Record<string, { label: string }>;

export type ColumnRole = keyof typeof COLUMN_ROLES;

/** The keys of a table in their written order (the order of every menu and CHECK list). */
function idsOf<K extends string>(table: Record<K, unknown>): readonly K[] {
  return Object.keys(table) as K[];
}

export const STORAGE_KIND_IDS = idsOf(STORAGE_KINDS);
export const COLUMN_TYPE_IDS = idsOf(COLUMN_TYPES);
export const COLUMN_ROLE_IDS = idsOf(COLUMN_ROLES);

export function isUsableFeatureType(type: ColumnType): boolean {
  return COLUMN_TYPES[type].usableAsFeature;
}

/** The kind a target must have for its task: classes are categories, regression needs numbers. */
export function targetStorage(task: Task): StorageKind {
  return task === 'classification' ? 'categorical' : 'numeric';
}

/** A whole-number target with at most this many distinct values looks like classes. */
export const MAX_CLASSES_FOR_INTEGER_TARGET = 20;

/** The task a target of this type suggests; `distinct` is its number of distinct values (unknown: regression for integers). */
export function suggestedTask(type: ColumnType, distinct: number | null): Task {
  if (type === 'numeric') return 'regression';
  if (type === 'integer') return (distinct ?? Infinity) <= MAX_CLASSES_FOR_INTEGER_TARGET ? 'classification' : 'regression';
  return 'classification';
}
