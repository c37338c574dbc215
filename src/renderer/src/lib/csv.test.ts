import { describe, expect, it } from 'vitest';
import { predictionsCsv, tableCsv } from './csv';

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

describe('predictionsCsv', () => {
  it('keeps every column (the true label too) and writes probabilities and predicted numbers without float noise', () => {
    const csv = predictionsCsv({
      columns: ['x', 'species', 'prediction', 'p(a)', 'p(b)'],
      rows: [[0.1234567891234, 'a', 'a', 0.99999999999999, 1.2345e-28], [2, 'b', 'a', 0.6666666666666666, 0.3333333333333333]],
    });
    expect(csv).toBe('x,species,prediction,p(a),p(b)\r\n0.1234567891234,a,a,1,0\r\n2,b,a,0.666667,0.333333\r\n');
    expect(predictionsCsv({ columns: ['x', 'y', 'prediction'], rows: [[1, 3, 151.23456789012], [2, '', -0.000123456789]] }))
      .toBe('x,y,prediction\r\n1,3,151.2346\r\n2,,-0.0001234568\r\n');
  });
});
