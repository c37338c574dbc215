const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes standard base64 (with optional '=' padding). The engine has no atob/Buffer in every host. */
export function decodeBase64(text: string): Uint8Array {
  const digits = new Uint8Array(128);
  for (let i = 0; i < ALPHABET.length; i++) digits[ALPHABET.charCodeAt(i)] = i;
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let buffered = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    bits = (bits << 6) | digits[clean.charCodeAt(i)];
    buffered += 6;
    if (buffered >= 8) {
      buffered -= 8;
      out[o++] = (bits >>> buffered) & 0xff;
    }
  }
  return out;
}
