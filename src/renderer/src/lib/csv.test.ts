import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from './csv';

describe('csv', () => {
  it('quotes only fields that need it and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField(3.5)).toBe('3.5');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('writes a header and CRLF-terminated rows', () => {
    expect(toCsv({ columns: ['x', 'label'], rows: [[1, 'a'], [2, 'b,c']] })).toBe('x,label\r\n1,a\r\n2,"b,c"\r\n');
  });
});
