/** Base64 and SHA-256 for state files, native where the engine has them, chunked otherwise. */

// A multiple of 3 bytes, so the base64 of consecutive chunks concatenates into one valid string.
const BASE64_CHUNK_BYTES = 3 * 256 * 1024;
const BASE64_CHUNK_CHARS = (BASE64_CHUNK_BYTES / 3) * 4;
const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Returns undefined unless `text` is canonical padded base64, whitespace not allowed. */
export function decodeBase64(text: string): Uint8Array | undefined {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  if (text.length % 4 !== 0) return undefined;
  const expected = (text.length / 4) * 3 - padding;
  const native = Uint8Array as { fromBase64?: (text: string, options: object) => Uint8Array };
  if (typeof native.fromBase64 === 'function') {
    let decoded: Uint8Array;
    try {
      decoded = native.fromBase64(text, { lastChunkHandling: 'strict' });
    } catch {
      return undefined;
    }
    return decoded.length === expected ? decoded : undefined;
  }
  const body = text.slice(0, text.length - padding);
  // Leftover bits must be zero, so that every file has exactly one encoding.
  const leftover = BASE64_ALPHABET.indexOf(body.at(-1) ?? 'A') & [0, 0x03, 0x0f][padding]!;
  if (/[^A-Za-z0-9+/]/.test(body) || leftover !== 0) {
    return undefined;
  }
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let offset = 0;
  for (let start = 0; start < text.length; start += BASE64_CHUNK_CHARS) {
    const binary = atob(text.slice(start, start + BASE64_CHUNK_CHARS));
    for (let index = 0; index < binary.length; index++) {
      bytes[offset + index] = binary.charCodeAt(index);
    }
    offset += binary.length;
  }
  return bytes;
}

export function base64Chunks(data: Uint8Array): string[] {
  const chunks: string[] = [];
  for (let start = 0; start < data.length; start += BASE64_CHUNK_BYTES) {
    const chunk: Uint8Array & { toBase64?: () => string } = data.subarray(
      start,
      start + BASE64_CHUNK_BYTES,
    );
    if (typeof chunk.toBase64 === 'function') {
      chunks.push(chunk.toBase64());
      continue;
    }
    let binary = '';
    // fromCharCode takes its bytes as arguments, and engines cap the argument count.
    for (let offset = 0; offset < chunk.length; offset += 0x8000) {
      binary += String.fromCharCode(...chunk.subarray(offset, offset + 0x8000));
    }
    chunks.push(btoa(binary));
  }
  return chunks;
}

export async function sha256Hex(data: Uint8Array): Promise<string> {
  // crypto.subtle exists only in secure contexts: https://developer.mozilla.org/docs/Web/API/Crypto/subtle
  if (typeof crypto === 'undefined' || crypto.subtle === undefined) {
    throw new Error(
      'State files need crypto.subtle, which browsers offer only on https:// and localhost pages',
    );
  }
  // digest() refuses views of a SharedArrayBuffer, so those are copied.
  const view =
    data.buffer instanceof ArrayBuffer ? (data as Uint8Array<ArrayBuffer>) : new Uint8Array(data);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', view));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

// Two base64 characters per 12 bits, packed little-endian, so one 32-bit store writes four.
const PAIRS = new Uint16Array(4096);
for (let index = 0; index < 4096; index++) {
  PAIRS[index] =
    BASE64_ALPHABET.charCodeAt(index >> 6) | (BASE64_ALPHABET.charCodeAt(index & 63) << 8);
}

const IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Base64 as ASCII bytes. A Blob copies bytes but re-encodes strings, which
 * made that step 6× slower than the encoding for a 50 MB state file.
 */
export function base64Bytes(data: Uint8Array): Uint8Array<ArrayBuffer> {
  if (!IS_LITTLE_ENDIAN) {
    return new TextEncoder().encode(base64Chunks(data).join('')) as Uint8Array<ArrayBuffer>;
  }
  const groups = Math.floor(data.length / 3);
  const out = new Uint8Array(Math.ceil(data.length / 3) * 4);
  const words = new Uint32Array(out.buffer, 0, groups);
  for (let group = 0, at = 0; group < groups; group++, at += 3) {
    const bits = (data[at]! << 16) | (data[at + 1]! << 8) | data[at + 2]!;
    words[group] = PAIRS[bits >> 12]! | (PAIRS[bits & 4095]! << 16);
  }
  if (data.length % 3) {
    const tail = base64Chunks(data.subarray(groups * 3))[0]!;
    for (let index = 0; index < 4; index++) out[groups * 4 + index] = tail.charCodeAt(index);
  }
  return out;
}
