import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8, incompleteUtf8Tail } from './utf8-offset';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('UTF-8 offsets', () => {
  it('keeps only a character the chunk does not finish', () => {
    expect(incompleteUtf8Tail(bytes(0x41, 0xe2, 0x82))).toEqual(bytes(0xe2, 0x82));
    expect(incompleteUtf8Tail(bytes(0x41, 0xe2, 0x82, 0xac))).toEqual(bytes());
    expect(incompleteUtf8Tail(bytes(0xf0, 0x9f, 0x98))).toEqual(bytes(0xf0, 0x9f, 0x98));
    expect(incompleteUtf8Tail(bytes(0x41))).toEqual(bytes());
  });

  it('points at the start of the first invalid sequence', () => {
    expect(firstInvalidUtf8(bytes(), bytes(0x61, 0x62, 0xff, 0x63))).toBe(2); // a byte that never occurs
    expect(firstInvalidUtf8(bytes(), bytes(0x61, 0x80))).toBe(1); // a stray continuation byte
    expect(firstInvalidUtf8(bytes(), bytes(0x61, 0xe9, 0x31, 0x32))).toBe(1); // a lead byte not continued (é in Windows-1252)
    expect(firstInvalidUtf8(bytes(), bytes(0x61, 0xe0, 0x80, 0x80))).toBe(1); // an overlong form, rejected at its second byte
    // A character begun in the previous chunk and broken in this one starts before this chunk.
    expect(firstInvalidUtf8(bytes(0xe2), bytes(0x82, 0x41))).toBe(-1);
    expect(firstInvalidUtf8(bytes(0xe2, 0x82), bytes(0xac, 0xff))).toBe(1);
  });
});
