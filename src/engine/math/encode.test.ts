import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, decodeArray, encodeArray } from './encode';

function bitsOf(a: Float32Array | Float64Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

describe('base64 codec', () => {
  // RFC 4648 §10 test vectors cover every padding case.
  const vectors: [string, string][] = [
    ['', ''], ['f', 'Zg=='], ['fo', 'Zm8='], ['foo', 'Zm9v'], ['foob', 'Zm9vYg=='], ['fooba', 'Zm9vYmE='],
    ['foobar', 'Zm9vYmFy'],
  ];
  it.each(vectors)('encodes %j as %j and back', (plain, encoded) => {
    const bytes = Uint8Array.from(plain, (c) => c.charCodeAt(0));
    expect(bytesToBase64(bytes)).toBe(encoded);
    expect(Array.from(base64ToBytes(encoded))).toEqual(Array.from(bytes));
  });

  it('round-trips every byte value and uses the standard alphabet', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const text = bytesToBase64(bytes);
    expect(text.startsWith('AAECAwQF')).toBe(true);
    expect(text.endsWith('+/w==')).toBe(true);
    expect(Array.from(base64ToBytes(text))).toEqual(Array.from(bytes));
  });

  it('rejects malformed input', () => {
    expect(() => base64ToBytes('abc')).toThrow();
    expect(() => base64ToBytes('ab$=')).toThrow();
    expect(() => base64ToBytes('a=bc')).toThrow();
  });
});

describe('encodeArray / decodeArray', () => {
  const special = [0, -0, 1, -1.5, Infinity, -Infinity, NaN, 5e-324, -2.2250738585072014e-308, Math.PI];

  it.each([0, 1, 2, 3])('float64 of length %i round-trips bit-exactly', (n) => {
    const a = Float64Array.from(special.slice(0, n));
    const enc = encodeArray(a);
    expect(enc.dtype).toBe('float64');
    const back = decodeArray(JSON.parse(JSON.stringify(enc)));
    expect(back).toBeInstanceOf(Float64Array);
    expect(Array.from(bitsOf(back))).toEqual(Array.from(bitsOf(a)));
  });

  it.each([0, 1, 2, 3])('float32 of length %i round-trips bit-exactly', (n) => {
    const a = Float32Array.from([1e-45, -0, NaN].slice(0, n));
    const back = decodeArray(JSON.parse(JSON.stringify(encodeArray(a))));
    expect(back).toBeInstanceOf(Float32Array);
    expect(Array.from(bitsOf(back))).toEqual(Array.from(bitsOf(a)));
  });

  it('keeps -0, denormals, infinities and NaN distinguishable after decoding', () => {
    const back = decodeArray(encodeArray(Float64Array.from(special)));
    expect(Object.is(back[1], -0)).toBe(true);
    expect(back[7]).toBe(5e-324);
    expect(back[8]).toBe(-2.2250738585072014e-308);
    expect(back[4]).toBe(Infinity);
    expect(back[5]).toBe(-Infinity);
    expect(Number.isNaN(back[6])).toBe(true);
  });

  it('stores little-endian IEEE-754 bytes', () => {
    // 1.0 as float64 is 0x3FF0000000000000: little-endian bytes 00 .. 00 F0 3F.
    expect(encodeArray(Float64Array.of(1)).base64).toBe(bytesToBase64(Uint8Array.of(0, 0, 0, 0, 0, 0, 0xf0, 0x3f)));
  });

  it('encodes only the viewed part of a subarray', () => {
    const whole = Float64Array.of(1, 2, 3, 4);
    expect(Array.from(decodeArray(encodeArray(whole.subarray(1, 3))))).toEqual([2, 3]);
  });

  it('checks the shape against the length', () => {
    const enc = encodeArray(new Float32Array(6), [2, 3]);
    expect(enc.shape).toEqual([2, 3]);
    expect(decodeArray(enc).length).toBe(6);
    expect(() => encodeArray(new Float32Array(5), [2, 3])).toThrow();
    expect(() => decodeArray({ ...enc, shape: [4, 2] })).toThrow();
    expect(() => decodeArray({ dtype: 'float64', base64: 'AAAA' })).toThrow();
  });
});
