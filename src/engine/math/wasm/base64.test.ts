import { describe, expect, it } from 'vitest';
import { decodeBase64 } from './base64';

describe('decodeBase64', () => {
  it('matches Node for every padding length and all byte values', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => (i * 73 + 11) & 0xff);
    for (let n = 0; n <= 10; n++) {
      const part = bytes.subarray(n * 23, n * 23 + n);
      expect(Array.from(decodeBase64(Buffer.from(part).toString('base64')))).toEqual(Array.from(part));
    }
    expect(Array.from(decodeBase64(Buffer.from(bytes).toString('base64')))).toEqual(Array.from(bytes));
  });
});
