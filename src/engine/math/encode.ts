import type { DType, FloatArray } from './matrix';

/**
 * Exact JSON encoding of float arrays: the raw little-endian IEEE-754 bytes in base64, so every bit
 * (-0, denormals, ±Infinity, NaN) survives, which decimal JSON numbers cannot guarantee.
 */
export interface EncodedArray {
  dtype: DType;
  shape?: number[];
  base64: string;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE_TABLE = (() => {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) t[ALPHABET.charCodeAt(i)] = i;
  return t;
})();

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  const full = bytes.length - (bytes.length % 3);
  for (let i = 0; i < full; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    chunk += ALPHABET[n >>> 18] + ALPHABET[(n >>> 12) & 63] + ALPHABET[(n >>> 6) & 63] + ALPHABET[n & 63];
    // Flush periodically so huge arrays do not build one pathological rope string.
    if (chunk.length >= 65536) {
      parts.push(chunk);
      chunk = '';
    }
  }
  const rest = bytes.length - full;
  if (rest === 1) {
    const n = bytes[full] << 16;
    chunk += ALPHABET[n >>> 18] + ALPHABET[(n >>> 12) & 63] + '==';
  } else if (rest === 2) {
    const n = (bytes[full] << 16) | (bytes[full + 1] << 8);
    chunk += ALPHABET[n >>> 18] + ALPHABET[(n >>> 12) & 63] + ALPHABET[(n >>> 6) & 63] + '=';
  }
  parts.push(chunk);
  return parts.join('');
}

export function base64ToBytes(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw new Error('base64 length must be a multiple of 4');
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  const sextet = (i: number): number => {
    const code = text.charCodeAt(i);
    const v = code < 128 ? DECODE_TABLE[code] : -1;
    if (v < 0) throw new Error(`invalid base64 character at ${i}`);
    return v;
  };
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    const n = (sextet(i) << 18) | (sextet(i + 1) << 12)
      | (last && padding === 2 ? 0 : sextet(i + 2) << 6)
      | (last && padding >= 1 ? 0 : sextet(i + 3));
    out[o++] = n >>> 16;
    if (o < out.length) out[o++] = (n >>> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

/** Reverses the byte order of each element in place (only needed on big-endian hosts). */
function swapBytes(bytes: Uint8Array, width: number): void {
  for (let i = 0; i < bytes.length; i += width) bytes.subarray(i, i + width).reverse();
}

export function encodeArray(a: FloatArray, shape?: number[]): EncodedArray {
  if (shape && shape.reduce((p, s) => p * s, 1) !== a.length) {
    throw new Error(`shape [${shape.join(', ')}] does not match length ${a.length}`);
  }
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength).slice();
  if (!LITTLE_ENDIAN_HOST) swapBytes(bytes, a.BYTES_PER_ELEMENT);
  const dtype: DType = a instanceof Float64Array ? 'float64' : 'float32';
  return shape ? { dtype, shape: [...shape], base64: bytesToBase64(bytes) } : { dtype, base64: bytesToBase64(bytes) };
}

export function decodeArray(enc: EncodedArray): FloatArray {
  const width = enc.dtype === 'float64' ? 8 : enc.dtype === 'float32' ? 4 : 0;
  if (width === 0) throw new Error(`unknown dtype ${String(enc.dtype)}`);
  const bytes = base64ToBytes(enc.base64);
  if (bytes.length % width !== 0) throw new Error(`${bytes.length} bytes is not a whole number of ${enc.dtype} values`);
  if (!LITTLE_ENDIAN_HOST) swapBytes(bytes, width);
  const out = width === 8 ? new Float64Array(bytes.buffer) : new Float32Array(bytes.buffer);
  if (enc.shape && enc.shape.reduce((p, s) => p * s, 1) !== out.length) {
    throw new Error(`shape [${enc.shape.join(', ')}] does not match length ${out.length}`);
  }
  return out;
}
