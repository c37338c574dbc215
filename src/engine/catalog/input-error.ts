/** The codes the engine gives problems the person can fix; each is one of the app's error codes (shared/result.ts). */
export type InputErrorCode = 'INVALID_CONFIG' | 'INVALID_MODEL';

/**
 * A problem the person can fix: a column choice, a setting, a saved model file. The message says what and
 * where. Anything else the engine throws is a fault of the app, and hosts report it as one (the engine host
 * as ENGINE_FAILED with its stack logged, the CLI with exit code 1), never as a mistake of the person.
 */
export class InputError extends Error {
  constructor(readonly code: InputErrorCode, message: string, readonly details?: Record<string, unknown>) {
    super(message);
    this.name = 'InputError';
  }
}
