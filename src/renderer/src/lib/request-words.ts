import { PREPARE_LABELS } from '../../../shared/prepare-vocabulary';

const METHOD_PREFIX = /^[a-z]+\.[a-zA-Z]+: /;

/** The words for a request field the backend names (`prepare.split` → "Split", `values.age` → "“age”"), or null. */
function fieldWords(field: string): string | null {
  const [head, ...rest] = field.split('.');
  const key = rest.join('.');
  if (head === 'prepare' && Object.hasOwn(PREPARE_LABELS, key)) return PREPARE_LABELS[key as keyof typeof PREPARE_LABELS];
  if (head === 'values' && key) return `“${key}”`;
  if (field === 'name') return 'Name';
  return null;
}

/**
 * A refused request (BAD_REQUEST: `datasets.update: prepare.split: the … shares must add up …`) as a sentence:
 * without the method, the field by its label where one is known (else named after the problem), capitalised.
 */
export function plainRequestError(message: string, field: unknown): string {
  const named = typeof field === 'string' && field !== '';
  let text = named && message.startsWith(`${field}: `) ? message : message.replace(METHOD_PREFIX, '');
  if (named && text.startsWith(`${field}: `)) {
    const problem = text.slice(field.length + 2);
    const words = fieldWords(field);
    text = words ? `${words}: ${problem}` : `${problem} (setting ${field})`;
  }
  text = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
