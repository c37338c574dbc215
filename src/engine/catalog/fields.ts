/**
 * Typed parameter fields: the one definition of every setting's label, help, default and range. The UI
 * renders forms from them, the API and the CLI resolve user input with them (resolveParams), and the
 * engine receives the resolved values typed by `Values<typeof SET>`. Pure: no engine code, so the renderer
 * may import it.
 */
import { InputError } from './input-error';

interface FieldBase<T> {
  readonly label: string;
  readonly help: string;
  /** The value when none is given; for an optional field, what a form shows first. */
  readonly default: T;
  /**
   * Left out of the resolved values when not given, so the consumer can pick a default that depends on
   * other settings (ELU's alpha is 1, Leaky ReLU's 0.01). Set with `optional(field)`.
   */
  readonly optional?: boolean;
}

export interface NumberField extends FieldBase<number> {
  readonly type: 'number';
  readonly min?: number;
  readonly max?: number;
  /** min is excluded (e.g. learning rate > 0). */
  readonly exclusiveMin?: boolean;
  /** max is excluded (e.g. Adam's betas < 1). */
  readonly exclusiveMax?: boolean;
  /** Suggests a log-scale input in the UI. */
  readonly logScale?: boolean;
}

export interface IntegerField extends FieldBase<number> {
  readonly type: 'integer';
  readonly min: number;
  readonly max: number;
}

export interface BooleanField extends FieldBase<boolean> {
  readonly type: 'boolean';
}

export interface EnumOption<V extends string = string> {
  readonly value: V;
  readonly label: string;
}

export interface EnumField<V extends string = string> extends FieldBase<V> {
  readonly type: 'enum';
  readonly options: readonly EnumOption<V>[];
}

export type Field = NumberField | IntegerField | BooleanField | EnumField;
export type FieldValue = number | boolean | string;

/** Fields keyed by their setting name; insertion order is form order. */
export type FieldRecord = { readonly [key: string]: Field };

type RequiredKey<R extends FieldRecord> = { [K in keyof R]: R[K] extends { readonly optional: true } ? never : K }[keyof R];
type Flat<T> = { [K in keyof T]: T[K] };

/** The resolved values of a field record: enum fields give their literal union, optional fields are `?:`. */
export type ValuesOf<R extends FieldRecord> = Flat<
  { -readonly [K in RequiredKey<R>]: R[K]['default'] } & { -readonly [K in Exclude<keyof R, RequiredKey<R>>]?: R[K]['default'] }
>;

/** A rule across fields broke: which setting to blame and why ("needs momentum > 0 and dampening = 0"). */
export interface RuleProblem {
  readonly key: string;
  readonly reason: string;
}

/** Fields plus the rules that span several of them: together, the one set of bounds of a thing. */
export interface FieldSet<R extends FieldRecord = FieldRecord> {
  readonly fields: R;
  /** Checked after every field is valid on its own. */
  check?(values: ValuesOf<R>): RuleProblem | null;
}

/** The option type of a field set, e.g. `Values<typeof SGD_FIELDS>`. */
export type Values<S extends FieldSet> = ValuesOf<S['fields']>;

/** A setting that does not fit; `path` is where it sits in what was resolved ("optimizer.params.lr"). */
export class ParamError extends InputError {
  constructor(readonly path: string, readonly reason: string, where?: string) {
    super('INVALID_CONFIG', where ? `${where}: ${path} ${reason}` : path ? `${path}: ${reason}` : reason, { field: path });
    this.name = 'ParamError';
  }

  /** The setting's own name (the last part of the path). */
  get key(): string {
    return this.path.slice(this.path.lastIndexOf('.') + 1);
  }
}

// ---------- builders ----------
type Spec<F extends Field> = Omit<F, 'type' | 'optional'>;

export const numberField = (f: Spec<NumberField>): NumberField => ({ type: 'number', ...f });
export const integerField = (f: Spec<IntegerField>): IntegerField => ({ type: 'integer', ...f });
export const booleanField = (f: Spec<BooleanField>): BooleanField => ({ type: 'boolean', ...f });

export function enumField<const V extends string>(
  options: readonly EnumOption<V>[], f: Omit<Spec<EnumField<V>>, 'options' | 'default'> & { default: NoInfer<V> },
): EnumField<V> {
  return { type: 'enum', options, ...f };
}

export function optional<F extends Field>(f: F): F & { readonly optional: true } {
  return { ...f, optional: true };
}

export function fieldSet<R extends FieldRecord>(
  fields: R, check?: (values: ValuesOf<R>) => (RuleProblem & { readonly key: keyof R & string }) | null,
): FieldSet<R> {
  return check ? { fields, check } : { fields };
}

/** Enum options from a table keyed by id with a label per entry (activations, initializers, …). */
export function optionsOf<T extends { readonly [id: string]: { readonly label: string } }>(table: T): EnumOption<keyof T & string>[] {
  return idsOf(table).map((value) => ({ value, label: table[value].label }));
}

/** The keys of a catalog table, typed as its ids (Object.keys gives string[]). */
export function idsOf<T extends object>(table: T): (keyof T & string)[] {
  return Object.keys(table) as (keyof T & string)[];
}

/** Whether `id` names an entry of a catalog table (for ids from outside, e.g. a select's value). */
export function hasId<T extends object>(table: T, id: string): id is keyof T & string {
  return Object.hasOwn(table, id);
}

// ---------- checking and resolving ----------
function bound(v: number, limit: number | undefined, exclusive: boolean | undefined, side: 'min' | 'max'): string | null {
  if (limit === undefined) return null;
  if (side === 'min') return (exclusive ? v <= limit : v < limit) ? `must be ${exclusive ? '>' : '≥'} ${limit}` : null;
  return (exclusive ? v >= limit : v > limit) ? `must be ${exclusive ? '<' : '≤'} ${limit}` : null;
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
      if (f.type === 'integer') {
        if (!Number.isInteger(v)) return 'must be a whole number';
        return bound(v, f.min, false, 'min') ?? bound(v, f.max, false, 'max');
      }
      return bound(v, f.min, f.exclusiveMin, 'min') ?? bound(v, f.max, f.exclusiveMax, 'max');
    }
  }
}

/**
 * Every problem of a (possibly half-edited) set of values, field by field, then the cross-field rule once
 * each field fits. Forms list these; resolveParams throws the first.
 */
export function fieldSetProblems(set: FieldSet, values: Readonly<Record<string, unknown>>): RuleProblem[] {
  const problems: RuleProblem[] = [];
  for (const key of idsOf(set.fields)) {
    const f = set.fields[key];
    const v = values[key];
    if (v === undefined && f.optional) continue;
    const reason = fieldProblem(f, v);
    if (reason) problems.push({ key, reason });
  }
  if (problems.length || !set.check) return problems;
  const broken = set.check(asValues(set, values));
  return broken ? [broken] : [];
}

/** Every field at its default (optional fields included, for a form to start from). */
export function fieldDefaults<S extends FieldSet>(set: S): Values<S> {
  const out: Record<string, FieldValue> = {};
  for (const key of idsOf(set.fields)) out[key] = set.fields[key].default;
  return asValues(set, out);
}

/**
 * Fills defaults and checks every given value against its field, then the set's rules, and returns the
 * values typed. Unknown keys are rejected so a typo never silently falls back to a default. `where`
 * names the thing being configured in the message ("SGD: lr must be > 0").
 */
export function resolveParams<S extends FieldSet>(set: S, input: Readonly<Record<string, unknown>> | undefined, where: string): Values<S> {
  const given = input ?? {};
  const known = idsOf(set.fields);
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(set.fields, key)) throw new ParamError(key, `is not a known setting (known: ${known.join(', ') || 'none'})`, where);
  }
  const out: Record<string, unknown> = {};
  for (const key of known) {
    const f = set.fields[key];
    const v = given[key];
    if (v === undefined) {
      if (!f.optional) out[key] = f.default;
      continue;
    }
    const problem = fieldProblem(f, v);
    if (problem) throw new ParamError(key, problem, where);
    out[key] = v;
  }
  const values: Values<S> = asValues(set, out);
  const broken = set.check?.(values);
  if (broken) throw new ParamError(broken.key, broken.reason, where);
  return values;
}

/** The one place a record checked against `set` takes the set's value type. */
function asValues<S extends FieldSet>(_set: S, values: Readonly<Record<string, unknown>>): Values<S> {
  return values as Values<S>;
}
