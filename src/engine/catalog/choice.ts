import { fieldDefaults, hasId, idsOf, ParamError, resolveParams, type FieldSet, type Values } from './fields';

/** One entry of a catalog the user picks from (an optimizer, a loss, a schedule): what the UI shows and its fields. */
export interface CatalogEntry {
  readonly label: string;
  readonly help: string;
  readonly fields: FieldSet;
}

export type Catalog = { readonly [id: string]: CatalogEntry };

/** A chosen entry with its resolved settings, as a union discriminated by id: `{ id: 'sgd', params: { lr, … } }`. */
export type ChoiceOf<C extends Catalog> = { [K in keyof C & string]: { id: K; params: Values<C[K]['fields']> } }[keyof C & string];

/** `value` as an object of settings, or a ParamError at `path`. */
export function recordAt(value: unknown, path: string, what = 'an object'): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ParamError(path, `must be ${what}`);
  return value as Readonly<Record<string, unknown>>;
}

/** Re-roots a ParamError from a part of the config under `prefix`, for one message with the whole path. */
export function under<T>(prefix: string, resolve: () => T): T {
  try {
    return resolve();
  } catch (e) {
    if (e instanceof ParamError) throw new ParamError(`${prefix}.${e.path}`, e.reason);
    throw e;
  }
}

/** The entry's own settings, resolved; a problem is reported at `params.<key>`. */
function resolveEntryParams<C extends Catalog>(catalog: C, id: keyof C & string, params: unknown): ChoiceOf<C> {
  const given = params === undefined ? undefined : recordAt(params, 'params');
  const set = catalog[id].fields;
  return under('params', () => choice(catalog, id, resolveParams(set, given, '')));
}

/** `{ id, params? }` checked against the catalog: a known id, and its params filled and checked. `noun` names the kind in messages. */
export function resolveChoice<C extends Catalog>(catalog: C, raw: unknown, noun: string): ChoiceOf<C> {
  const value = recordAt(raw, noun, `an object like { "id": …, "params": { … } }`);
  for (const key of Object.keys(value)) {
    if (key !== 'id' && key !== 'params') throw new ParamError(`${noun}.${key}`, 'is not a known setting (known: id, params)');
  }
  const id = value.id;
  if (typeof id !== 'string' || !hasId(catalog, id)) {
    const shown = typeof id === 'string' ? JSON.stringify(id.length > 80 ? `${id.slice(0, 80)}…` : id) : String(id);
    throw new ParamError(`${noun}.id`, `unknown ${noun} ${shown} (known: ${idsOf(catalog).join(', ')})`);
  }
  return under(noun, () => resolveEntryParams(catalog, id, value.params));
}

/** An entry at its defaults (a form switching to another optimizer starts there). */
export function defaultChoice<C extends Catalog, K extends keyof C & string>(catalog: C, id: K): ChoiceOf<C> {
  return choice(catalog, id, fieldDefaults(catalog[id].fields));
}

/** Pairs an id with values resolved against that id's fields: the one place the pairing is asserted. */
function choice<C extends Catalog>(_catalog: C, id: keyof C & string, params: object): ChoiceOf<C> {
  return { id, params } as ChoiceOf<C>;
}

/**
 * The end of a factory's switch over ids: unreachable for a resolved config (the compiler checks the
 * switch is exhaustive), but a stored config from another version of the app may name an id this one lacks.
 */
export function unknownId(noun: string, config: never): never {
  const { id, type } = config as { id?: unknown; type?: unknown };
  throw new Error(`unknown ${noun} ${JSON.stringify(id ?? type)}`);
}
