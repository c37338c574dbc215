import { describe, expect, it } from 'vitest';
import { tableCsv } from './csv';

describe('predictions download', () => {
  it('writes a header and CRLF-terminated rows, quoting where needed', () => {
    expect(tableCsv({ columns: ['x', 'label'], rows: [[1, 'a'], [2, 'b,c']] })).toBe('x,label\r\n1,a\r\n2,"b,c"\r\n');
  });

  it('neutralises formulas in echoed inputs, predicted labels and column names', () => {
    const csv = tableCsv({
      columns: ['=cmd', 'prediction', 'p(=HYPERLINK("x"))'],
      rows: [['@SUM(A1)', '=HYPERLINK("http://evil.example")', 0.5], [-1, '-2+3', 0.5]],
    });
    expect(csv).toBe('"\'=cmd",prediction,"p(=HYPERLINK(""x""))"\r\n"\'@SUM(A1)","\'=HYPERLINK(""http://evil.example"")",0.5\r\n-1,"\'-2+3",0.5\r\n');
  });
});
