/** Where invalid UTF-8 starts inside a streamed chunk, for messages that point at the right byte. */

const EMPTY = new Uint8Array(0);

/**
 * The last bytes of `chunk` when they begin a character the chunk does not finish (a lead byte followed by
 * fewer continuation bytes than it announces), else nothing. At most 3 bytes, copied.
 */
export function incompleteUtf8Tail(chunk: Uint8Array): Uint8Array {
  for (let k = 1; k <= Math.min(3, chunk.length); k++) {
    const byte = chunk[chunk.length - k];
    if ((byte & 0xc0) === 0x80) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > k ? chunk.slice(chunk.length - k) : EMPTY;
  }
  return EMPTY;
}

/**
 * Index in `chunk` where the first invalid UTF-8 sequence of `carry` + `chunk` starts (negative when it starts
 * in the carried bytes). A prefix that decodes as a stream stays valid when shortened, so a binary search over
 * prefix lengths finds the first byte the decoder rejects with about 20 decodes of a 1 MB chunk; the sequence
 * starts at the lead byte that byte failed to continue, if any. Only called on failure.
 */
export function firstInvalidUtf8(carry: Uint8Array, chunk: Uint8Array): number {
  const prefix = (n: number): Uint8Array => {
    const bytes = new Uint8Array(carry.length + n);
    bytes.set(carry);
    bytes.set(chunk.subarray(0, n), carry.length);
    return bytes;
  };
  const fails = (n: number): boolean => {
    const bytes = prefix(n);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
      return false;
    } catch {
      return true;
    }
  };
  let lo = 0; // prefix length known to decode
  let hi = chunk.length; // prefix length known to fail
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (fails(mid)) hi = mid;
    else lo = mid;
  }
  const rejected = hi - 1;
  return rejected - incompleteUtf8Tail(prefix(rejected)).length;
}
