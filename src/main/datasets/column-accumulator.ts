/**
 * Collects one column while the file streams, without keeping its values as JS strings:
 * - numbers: every token parsed as float64 (NaN = missing or not a number); dropped once more than 1%
 *   (and more than 10) of the non-missing tokens are not numbers, because then the column is not numeric.
 * - spellings: distinct number → its first spelling, up to DICTIONARY_LIMIT entries, so a numeric-looking
 *   column can still become categorical (at the first non-numeric token, or later by the user's choice).
 * - codes + labels: started at the first non-numeric token (earlier rows are re-coded from numbers and
 *   spellings); dropped when the column has more than DICTIONARY_LIMIT distinct values (it is then text).
 * Memory is therefore at most 8 + 4 bytes per row plus two dictionaries bounded by DICTIONARY_LIMIT.
 */
import { GrowableArray, growableFloat64, growableInt32 } from './growable-array';
import { detachString, isMissingToken, isSpaceAt, parseNumberToken, parsePlainDecimal } from './csv-tokens';

export const DICTIONARY_LIMIT = 10_000;
const NON_NUMERIC_FLOOR = 10;
const NON_NUMERIC_SHARE = 0.01;

/** What survives of a column after streaming; enough to build it as numeric or categorical later. */
export interface ColumnData {
  /** Parsed numbers, NaN = missing or non-numeric token; null when the column is clearly not numeric. */
  readonly numbers: Float64Array | null;
  /** Dictionary codes (-1 = missing) into `labels`; null for purely numeric or high-cardinality columns. */
  readonly codes: Int32Array | null;
  readonly labels: readonly string[] | null;
  /** For columns with ≤ DICTIONARY_LIMIT distinct numbers: each distinct value (ascending) and its first spelling. */
  readonly numberLabels: { readonly values: Float64Array; readonly labels: readonly string[] } | null;
}

export interface ColumnCounts {
  readonly rows: number;
  readonly missing: number;
  readonly nonNumeric: number;
  readonly firstNonNumeric: { readonly line: number; readonly token: string } | null;
  /** A non-numeric column with more distinct values than we keep. */
  readonly dictionaryOverflow: boolean;
}

export class ColumnAccumulator {
  private numbers: GrowableArray<Float64Array> | null = growableFloat64();
  private spellings: Map<number, string> | null = new Map();
  private codes: GrowableArray<Int32Array> | null = null;
  private dictionary = new Map<string, number>();
  private labels: string[] = [];
  private dictionaryOverflow = false;
  private rows = 0;
  private missing = 0;
  private nonNumeric = 0;
  private firstNonNumeric: { line: number; token: string } | null = null;

  constructor(private readonly decimalComma: boolean) {}

  /** `token` must be trimmed. */
  push(token: string, line: number): void {
    this.rows++;
    // Numbers first: they are the common case and no missing token parses as one.
    const x = parseNumberToken(token, this.decimalComma);
    if (!Number.isNaN(x)) this.pushNumber(x, token);
    else if (isMissingToken(token)) this.pushMissing();
    else this.pushText(token, line);
  }

  /**
   * The field `text[start, end)`, not yet trimmed. A plain decimal without surrounding space is read in place, so
   * the common field never becomes a string of its own (only a first spelling does); anything else goes by push().
   */
  pushField(text: string, start: number, end: number, line: number): void {
    const x = end > start && !isSpaceAt(text, start) && !isSpaceAt(text, end - 1) ? parsePlainDecimal(text, start, end, this.decimalComma) : NaN;
    if (Number.isNaN(x)) return this.push(text.slice(start, end).trim(), line);
    this.rows++;
    this.pushNumber(x, text, start, end);
  }

  private pushMissing(): void {
    this.missing++;
    this.numbers?.push(NaN);
    this.codes?.push(-1);
  }

  /** `x` as spelled by `text[start, end)` (the whole of `text` by default). */
  private pushNumber(x: number, text: string, start = 0, end = text.length): void {
    this.numbers?.push(x);
    let spelling: string | undefined;
    if (this.spellings) {
      spelling = this.spellings.get(x);
      if (spelling === undefined) {
        if (this.spellings.size >= DICTIONARY_LIMIT) {
          this.spellings = null;
          this.dropCodes();
        } else {
          spelling = detachString(text.slice(start, end));
          this.spellings.set(x, spelling);
        }
      }
    }
    if (this.codes) this.codes.push(this.codeOf(spelling as string));
  }

  private pushText(token: string, line: number): void {
    this.nonNumeric++;
    if (!this.firstNonNumeric) this.firstNonNumeric = { line, token: detachString(token.slice(0, 80)) };
    if (this.numbers) {
      this.numbers.push(NaN);
      const nonMissing = this.rows - this.missing;
      if (this.nonNumeric > NON_NUMERIC_FLOOR && this.nonNumeric > NON_NUMERIC_SHARE * nonMissing) this.numbers = null;
    }
    if (!this.codes && !this.dictionaryOverflow) this.startCodes();
    if (this.codes) this.codes.push(this.codeOf(token));
  }

  /** Re-codes the rows read so far (all numbers or missing) once the column turns out not to be purely numeric. */
  private startCodes(): void {
    const { numbers, spellings } = this;
    if (!numbers || !spellings) {
      this.dictionaryOverflow = true;
      return;
    }
    const codes = growableInt32();
    this.codes = codes;
    for (let i = 0; i < this.rows - 1; i++) {
      const x = numbers.get(i);
      codes.push(Number.isNaN(x) ? -1 : this.codeOf(spellings.get(x) as string));
    }
  }

  private codeOf(label: string): number {
    let code = this.dictionary.get(label);
    if (code === undefined) {
      if (this.dictionary.size >= DICTIONARY_LIMIT) {
        this.dropCodes();
        return -1;
      }
      code = this.labels.length;
      const own = detachString(label);
      this.labels.push(own);
      this.dictionary.set(own, code);
    }
    return code;
  }

  private dropCodes(): void {
    this.codes = null;
    this.dictionary = new Map();
    this.labels = [];
    this.dictionaryOverflow = true;
  }

  finish(): { data: ColumnData; counts: ColumnCounts } {
    const codes = this.codes ? sortedCodes(this.codes.take(), this.labels) : null;
    const data: ColumnData = {
      numbers: this.numbers?.take() ?? null,
      codes: codes?.codes ?? null,
      labels: codes?.labels ?? null,
      numberLabels: this.spellings ? sortedSpellings(this.spellings) : null,
    };
    const counts: ColumnCounts = {
      rows: this.rows,
      missing: this.missing,
      nonNumeric: this.nonNumeric,
      firstNonNumeric: this.firstNonNumeric,
      dictionaryOverflow: this.dictionaryOverflow,
    };
    return { data, counts };
  }
}

/** Categories in a stable, readable order (natural order for numbers, plain string order otherwise). */
function sortedCodes(codes: Int32Array, labels: readonly string[]): { codes: Int32Array; labels: string[] } {
  const order = labels.map((_, i) => i).sort((a, b) => compareLabels(labels[a], labels[b]));
  const remap = new Int32Array(labels.length);
  order.forEach((oldCode, newCode) => (remap[oldCode] = newCode));
  for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) codes[i] = remap[codes[i]];
  return { codes, labels: order.map((i) => labels[i]) };
}

function compareLabels(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (a !== '' && b !== '' && !Number.isNaN(x) && !Number.isNaN(y) && x !== y) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedSpellings(spellings: Map<number, string>): { values: Float64Array; labels: string[] } {
  const values = Float64Array.from(spellings.keys()).sort();
  return { values, labels: Array.from(values, (v) => spellings.get(v) as string) };
}
