import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { toCsv } from './csv-writer';

describe('toCsv', () => {
  it('quotes only fields that need it, doubles quotes, ends every line with CRLF', () => {
    expect(toCsv(['x', 'label'], [[1, 'a'], [2, 'b,c'], [3.5, 'say "hi"'], [4, 'two\nlines']]))
      .toBe('x,label\r\n1,a\r\n2,"b,c"\r\n3.5,"say ""hi"""\r\n4,"two\nlines"\r\n');
  });

  it('neutralises cells and header names that a spreadsheet would run as formulas (OWASP)', () => {
    const hostile = ['=HYPERLINK("http://evil.example","x")', '+1+2', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '=1\n+2'];
    const csv = toCsv(['=HYPERLINK("x")', 'p(=HYPERLINK("x"))'], hostile.map((h) => [h, 'ok']));
    const parsed = Papa.parse<string[]>(csv.slice(0, -2), { newline: '\r\n' }).data;
    // A header that begins like a formula is guarded; one that only contains a formula is plain text to a spreadsheet.
    expect(parsed[0]).toEqual(['\'=HYPERLINK("x")', 'p(=HYPERLINK("x"))']);
    expect(parsed.slice(1).map((r) => r[0])).toEqual(hostile.map((h) => `'${h}`));
    // Every cell that starts with a trigger character now starts with the quote instead.
    for (const row of parsed.slice(1)) expect(row[0][0]).toBe("'");
  });

  it('guards a header name that begins like a formula', () => {
    expect(toCsv(['=cmd|"/c calc"!A1', 'y'], [])).toBe('"\'=cmd|""/c calc""!A1",y\r\n');
  });

  it('leaves numbers and plain numeric text alone, also negative ones', () => {
    expect(toCsv(['a', 'b', 'c', 'd'], [[-1.5, '-1.5', '+2', '-3e-4'], [-0.25, '.5', '-.5', 'x']]))
      .toBe('a,b,c,d\r\n-1.5,-1.5,+2,-3e-4\r\n-0.25,.5,-.5,x\r\n');
    expect(toCsv(['a'], [['-1.5x'], ['- 1'], ['+']])).toBe('a\r\n"\'-1.5x"\r\n"\'- 1"\r\n"\'+"\r\n');
  });
});
