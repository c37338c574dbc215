import { fieldProblem, type Field } from '../../../engine/registry/param-schema';

export {
  BACKPROP_FIELDS, CLIPPING_FIELDS, EARLY_STOPPING_FIELDS, ELM_FIELDS, fieldDefaults as defaults,
} from '../../../engine/trainers/trainer-fields';

/** The engine's own check of a form value, phrased for a form ("Must be ≥ 1."), or null. */
export function fieldError(f: Field, v: unknown): string | null {
  const problem = fieldProblem(f, v);
  return problem ? `${problem[0].toUpperCase()}${problem.slice(1)}.` : null;
}
