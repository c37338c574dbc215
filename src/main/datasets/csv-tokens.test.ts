import { describe, expect, it } from 'vitest';
import { isMissingToken, parseNumberToken } from './csv-tokens';

describe('parseNumberToken', () => {
  it('agrees bit for bit with Number() on plain decimals of up to 17 digits', () => {
    let seed = 7;
    const rand = (k: number): number => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed % k;
    };
    for (let t = 0; t < 50_000; t++) {
      const digits = Array.from({ length: 1 + rand(17) }, () => String(rand(10))).join('');
      const point = rand(digits.length + 2);
      const body = point > digits.length ? digits : `${digits.slice(0, point)}.${digits.slice(point)}`;
      const token = ['', '-', '+'][rand(3)] + body;
      expect(Object.is(parseNumberToken(token, false), Number(token)), token).toBe(true);
      expect(Object.is(parseNumberToken(token.replace('.', ','), true), Number(token)), token).toBe(true);
    }
  });

  it('reads exponents, infinities and decimal commas, and rejects what is not a number', () => {
    expect(parseNumberToken('1.5e-3', false)).toBe(0.0015);
    expect(parseNumberToken('-2,5', true)).toBe(-2.5);
    expect(parseNumberToken('-2,5', false)).toBeNaN();
    expect(parseNumberToken('-inf', false)).toBe(-Infinity);
    expect(parseNumberToken('Infinity', false)).toBe(Infinity);
    for (const t of ['', '.', '-', '+', '1.2.3', '0x10', '0b1', '1_000', 'abc', '1,5,0', '12abc']) expect(parseNumberToken(t, true), t).toBeNaN();
  });

  it('reads thousands separators in groups of three, and nothing that only looks like them', () => {
    expect(parseNumberToken('1,000', false)).toBe(1000);
    expect(parseNumberToken('-12,345.25', false)).toBe(-12345.25);
    expect(parseNumberToken('+1,234,567', false)).toBe(1234567);
    expect(parseNumberToken('1.234.567', true)).toBe(1234567);
    expect(parseNumberToken('-1.234,5', true)).toBe(-1234.5);
    expect(parseNumberToken('1.234', true)).toBe(1.234); // a decimal point is still read as one
    for (const t of ['1,00', '1,0000', ',100', '1000,000', '1,000,00', '1,000.5.5', '12,34']) expect(parseNumberToken(t, false), t).toBeNaN();
    for (const t of ['1.23,4', '1.2345,6', '1.234.5']) expect(parseNumberToken(t, true), t).toBeNaN();
  });

  it('knows the missing-value tokens case-insensitively', () => {
    for (const t of ['', 'NA', 'na', 'N/A', 'NaN', 'null', 'NULL', '?']) expect(isMissingToken(t), t).toBe(true);
    for (const t of ['0', 'none', 'n', '-']) expect(isMissingToken(t), t).toBe(false);
  });
});
