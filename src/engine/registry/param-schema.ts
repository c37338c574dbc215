/**
 * Parameter metadata shared by every registry (layers, optimizers, losses, schedules, trainers).
 * The UI renders forms from it and the CLI and API validate with it, so each entry carries its default,
 * its range and a one-line help text in plain language.
 */
import { InputError } from '../input-error';

interface BaseField {
  readonly key: string;
  readonly label: string;
  readonly help: string;
  /**
   * Left out of the resolved values when not given, so the consumer can pick a default that depends on
   * other settings (ELU's alpha is 1, Leaky ReLU's 0.01); `default` is then what the UI shows first.
   */
  readonly optional?: boolean;
}

export interface NumberField extends BaseField {
  readonly type: 'number';
  readonly default: number;
  readonly min?: number;
  readonly max?: number;
  /** min is excluded (e.g. learning rate > 0). */
  readonly exclusiveMin?: boolean;
  /** Suggests a log-scale input in the UI. */
  readonly logScale?: boolean;
}

export interface IntegerField extends BaseField {
  readonly type: 'integer';
  readonly default: number;
  readonly min: number;
  readonly max: number;
}

export interface BooleanField extends BaseField {
  readonly type: 'boolean';
  readonly default: boolean;
}

export interface EnumField extends BaseField {
  readonly type: 'enum';
  readonly default: string;
  readonly options: readonly { readonly value: string; readonly label: string }[];
}

export type Field = NumberField | IntegerField | BooleanField | EnumField;
export type FieldValue = number | boolean | string;
export type ParamValues = Record<string, FieldValue>;

export class ParamError extends InputError {
  constructor(readonly where: string, readonly key: string, readonly reason: string) {
    super('INVALID_CONFIG', `${where}: ${key} ${reason}`, { field: key });
    this.name = 'ParamError';
  }
}

/**
 * Fills defaults and checks every given value against its field. Unknown keys are rejected so a typo
 * never silently falls back to a default. `where` names the thing being configured in the message.
 */
export function resolveParams(fields: readonly Field[], input: Record<string, unknown> | undefined, where: string): ParamValues {
  const given = input ?? {};
  const known = new Set(fields.map((f) => f.key));
  for (const key of Object.keys(given)) {
    if (!known.has(key)) throw new ParamError(where, key, `is not a known setting (known: ${[...known].join(', ') || 'none'})`);
  }
  const out: ParamValues = {};
  for (const f of fields) {
    const v = given[f.key];
    if (v !== undefined) out[f.key] = checkValue(f, v, where);
    else if (!f.optional) out[f.key] = f.default;
  }
  return out;
}

/** Why `v` does not fit field `f` ("must be ≥ 1"), or null when it fits. Forms use it for live feedback. */
export function fieldProblem(f: Field, v: unknown): string | null {
  switch (f.type) {
    case 'boolean':
      return typeof v === 'boolean' ? null : 'must be true or false';
    case 'enum':
      return typeof v === 'string' && f.options.some((o) => o.value === v) ? null : `must be one of ${f.options.map((o) => o.value).join(', ')}`;
    case 'integer':
    case 'number': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return 'must be a finite number';
      if (f.type === 'integer' && !Number.isInteger(v)) return 'must be a whole number';
      const exclusive = f.type === 'number' && f.exclusiveMin;
      if (f.min !== undefined && (exclusive ? v <= f.min : v < f.min)) return `must be ${exclusive ? '>' : '≥'} ${f.min}`;
      if (f.max !== undefined && v > f.max) return `must be ≤ ${f.max}`;
      return null;
    }
  }
}

function checkValue(f: Field, v: unknown, where: string): FieldValue {
  const problem = fieldProblem(f, v);
  if (problem) throw new ParamError(where, f.key, problem);
  return v as FieldValue;
}

/** A registry entry: an id, a label and help for the UI, its fields, and a factory. */
export interface RegistryEntry<F> {
  readonly id: string;
  readonly label: string;
  readonly help: string;
  readonly fields: readonly Field[];
  readonly create: F;
}
