/** How single CSV fields are read: missing-value tokens, numbers (optionally with a decimal comma), infinities. */

const MISSING_TOKENS = new Set(['', 'na', 'n/a', 'nan', 'null', '?']);

const INFINITY_TOKENS = new Map<string, number>([
  ['inf', Infinity],
  ['+inf', Infinity],
  ['-inf', -Infinity],
  ['infinity', Infinity],
  ['+infinity', Infinity],
  ['-infinity', -Infinity],
]);

const BOOLEAN_WORDS = new Set(['true', 'false', 'yes', 'no', 'y', 'n', 't', 'f']);

/** Expects a trimmed token. */
export function isMissingToken(token: string): boolean {
  return token.length <= 4 && MISSING_TOKENS.has(token.toLowerCase());
}

/**
 * The number a trimmed, non-missing token spells, or NaN. Stricter than Number(): hex/binary/octal
 * literals are text, and with `decimalComma` a single comma is the decimal separator. Thousands separators in
 * groups of three are read too (`1,000`, `-12,345.5`; with a decimal comma `1.234.567` and `1.234,5`).
 */
export function parseNumberToken(token: string, decimalComma: boolean): number {
  const simple = parsePlainDecimal(token, 0, token.length, decimalComma);
  if (!Number.isNaN(simple)) return simple;
  const c = token.charCodeAt(0);
  const looksNumeric = (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || (decimalComma && c === 44);
  if (looksNumeric) {
    if (c === 48 && token.length > 1) {
      const c1 = token.charCodeAt(1) | 0x20;
      if (c1 === 120 || c1 === 98 || c1 === 111) return NaN; // 0x / 0b / 0o
    }
    const x = Number(decimalComma ? token.replace(',', '.') : token);
    if (!Number.isNaN(x)) return x;
    const grouped = groupedNumber(token, decimalComma);
    if (!Number.isNaN(grouped)) return grouped;
  }
  return token.length <= 9 ? (INFINITY_TOKENS.get(token.toLowerCase()) ?? NaN) : NaN;
}

const GROUPED_POINT = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const GROUPED_COMMA = /^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$/;

/** A number written with thousands separators (`,` before a decimal point, `.` before a decimal comma), or NaN. */
function groupedNumber(token: string, decimalComma: boolean): number {
  if (decimalComma) return GROUPED_COMMA.test(token) ? Number(token.replaceAll('.', '').replace(',', '.')) : NaN;
  return GROUPED_POINT.test(token) ? Number(token.replaceAll(',', '')) : NaN;
}

const POWERS_OF_TEN = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * Fast path for the common `[-+]digits[.digits]` with at most 15 digits, where Number() dominates import time,
 * read from `text[start, end)` (the whole text by default) without a copy. Exact: the digits form an integer below
 * 2^53 and 10^k (k ≤ 15) is exact, so the one IEEE division is correctly rounded, i.e. equals Number(token).
 * Anything else returns NaN for the general path (a number, not undefined: the hot loop's result stays a double).
 */
export function parsePlainDecimal(text: string, start: number, end: number, decimalComma: boolean): number {
  let i = start;
  const sign = text.charCodeAt(start);
  if (sign === 45 || sign === 43) i++;
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = 0;
  let seenPoint = false;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (seenPoint) fractionDigits++;
    } else if (!seenPoint && (c === 46 || (decimalComma && c === 44))) {
      seenPoint = true;
    } else {
      return NaN;
    }
  }
  if (digits === 0 || digits > 15) return NaN;
  const x = fractionDigits > 0 ? mantissa / POWERS_OF_TEN[fractionDigits] : mantissa;
  return sign === 45 ? -x : x;
}

/** Whether String.prototype.trim may remove the character at `i` (then the caller takes the general path). */
export function isSpaceAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c <= 32 || (c >= 127 && text[i].trim() === '');
}

export function isBooleanWord(label: string): boolean {
  return BOOLEAN_WORDS.has(label.toLowerCase());
}

/**
 * A copy of `s` that does not pin the string it was sliced from: V8 keeps substrings as views into
 * their parent, and a stored label must not keep a whole 1 MB input chunk alive.
 */
export function detachString(s: string): string {
  return (' ' + s).slice(1);
}
