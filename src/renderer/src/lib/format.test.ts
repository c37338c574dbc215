import { describe, expect, it } from 'vitest';
import { formatDuration, formatInteger, formatNumber, formatPercent } from './format';

describe('formatNumber', () => {
  it('keeps the asked significant digits and groups thousands', () => {
    expect(formatNumber(12345.678)).toBe('12,350');
    expect(formatNumber(999_999)).toBe('1,000,000');
    expect(formatNumber(1234.5678, 6)).toBe('1,234.57');
    expect(formatNumber(0.123456)).toBe('0.1235');
    expect(formatNumber(-4321)).toBe('-4,321');
  });

  it('switches to powers of ten for the very large and very small, and leaves zero, gaps and non-numbers readable', () => {
    expect(formatNumber(4e11)).toBe('4.00e+11');
    expect(formatNumber(1.5e-5)).toBe('1.50e-5');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(null)).toBe('—');
    expect(formatNumber(Number.NaN)).toBe('NaN');
  });
});

describe('the other formats', () => {
  it('writes counts, shares and durations in plain words', () => {
    expect(formatInteger(1234567.4)).toBe('1,234,567');
    expect(formatPercent(0.9564)).toBe('95.6 %');
    expect(formatDuration(950)).toBe('950 ms');
    expect(formatDuration(3_725_000)).toBe('1 h 2 min');
  });
});
