import { fieldProblem, fieldSetProblems, type Field, type FieldSet } from '../../../engine/catalog/fields';

/** A problem phrased for a form ("Must be ≥ 1."). */
const sentence = (problem: string): string => `${problem[0].toUpperCase()}${problem.slice(1)}.`;

/** The catalog's own check of a form value, phrased for a form, or null. */
export function fieldError(f: Field, v: unknown): string | null {
  const problem = fieldProblem(f, v);
  return problem ? sentence(problem) : null;
}

/**
 * Every problem of a form's values against a field set (each field, then the set's cross-field rule), as
 * "<where> – <label>: <problem>" lines; `skip` leaves out settings that do not apply right now.
 */
export function formProblems(set: FieldSet, values: Readonly<Record<string, unknown>>, where: string, skip: readonly string[] = []): string[] {
  return fieldSetProblems(set, values)
    .filter((p) => !skip.includes(p.key))
    .map((p) => `${where} – ${set.fields[p.key]?.label ?? p.key}: ${sentence(p.reason)}`);
}
