import { InputError } from '../engine/catalog/input-error';

/** A problem with what the user asked for: printed as one line, exit code 2. */
export class CliError extends Error {
  override name = 'CliError';
}

/**
 * Usage, file and configuration problems (CliError, and the engine's InputError: a column, a setting, a model
 * file) are the user's to fix: one line, exit code 2. Anything else is a fault of the program: exit code 1.
 */
export function isUsersToFix(e: unknown): e is CliError | InputError {
  return e instanceof CliError || e instanceof InputError;
}
