/** Every way a CSV import can fail; the UI maps codes to help texts, the CLI prints the message. */
export type CsvErrorCode =
  | 'io-error'
  | 'empty-file'
  | 'no-rows'
  | 'not-text'
  | 'unterminated-quote'
  | 'invalid-quote'
  | 'ragged-rows'
  | 'field-too-large'
  | 'too-many-columns'
  | 'line-too-long'
  | 'single-column'
  | 'unknown-target'
  | 'unknown-column'
  | 'one-class-target'
  | 'not-representable'
  | 'cancelled';

/** Plain-data form, so the error survives postMessage from the import worker. */
export interface CsvErrorData {
  readonly code: CsvErrorCode;
  readonly message: string;
  /** 1-based physical line (as an editor shows it) where the problem starts. */
  readonly line?: number;
  /** For ragged rows: the first offending lines. */
  readonly lines?: readonly number[];
}

export class CsvImportError extends Error implements CsvErrorData {
  readonly code: CsvErrorCode;
  readonly line?: number;
  readonly lines?: readonly number[];

  constructor(data: CsvErrorData) {
    super(data.message);
    this.name = 'CsvImportError';
    this.code = data.code;
    if (data.line !== undefined) this.line = data.line;
    if (data.lines !== undefined) this.lines = data.lines;
  }

  toData(): CsvErrorData {
    return { code: this.code, message: this.message, line: this.line, lines: this.lines };
  }
}

export function cancelledError(): CsvImportError {
  return new CsvImportError({ code: 'cancelled', message: 'CSV import was cancelled' });
}
