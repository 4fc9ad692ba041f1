/**
 * Share links: a state file compressed into a URL fragment, which browsers
 * never send to a server. Pure apart from the CompressionStream standard.
 *
 * Format: `psr1.<name>.<data>`, where `psr1` is the format and its version,
 * `<name>` the cell's name percent-encoded (dots included, so the fragment
 * splits into exactly three parts) and `<data>` the state file compressed
 * with deflate-raw, in base64url without padding.
 */

import { decodeBase64 } from './encoding.js';
import { StateFileError } from './state-error.js';
import { type DecodeStateFileOptions, decodeStateFile, type StateDocument } from './state-file.js';

/** The first part of every share fragment: the format and its version. */
export const SHARE_PREFIX = 'psr1';
/** The longest fragment a share link carries, in characters (about 32 KB). */
export const MAX_SHARE_CHARS = 32 * 1024;
/**
 * The most bytes a share fragment may decompress to. A deflate stream can
 * grow 1000-fold, and a link comes from a stranger, so the cap is explicit.
 */
export const MAX_SHARED_STATE_BYTES = 16 * 1024 * 1024;

const COMPRESSION: CompressionFormat = 'deflate-raw';

/** What a share fragment decodes to. */
export interface SharedState {
  /** The cell name the link was made for. */
  name: string;
  /** The state file, as `loadState` takes it. */
  file: Blob;
  /** The same state file, decoded and validated. */
  state: StateDocument;
}

/** Options of {@link encodeShareFragment}. */
export interface EncodeShareOptions {
  /** The longest fragment accepted; {@link MAX_SHARE_CHARS} by default. */
  maxChars?: number;
}

/**
 * Compresses a state file into a fragment, without the leading `#`. Rejects
 * with a {@link StateFileError} of reason `too-large` when the result is
 * longer than `maxChars`.
 */
export async function encodeShareFragment(
  name: string,
  stateFile: Blob,
  options: EncodeShareOptions = {},
): Promise<string> {
  const maxChars = options.maxChars ?? MAX_SHARE_CHARS;
  const compressed = await collect(
    stateFile.stream().pipeThrough(new CompressionStream(COMPRESSION)),
  );
  const fragment = `${SHARE_PREFIX}.${encodeName(name)}.${toBase64Url(compressed)}`;
  if (fragment.length > maxChars) {
    const message = `This cell's state is too large for a link: it needs ${fragment.length} characters compressed, more than the limit of ${maxChars}. Use Save to download a state file instead.`;
    throw new StateFileError('too-large', message);
  }
  return fragment;
}

/** Whether a location hash (with or without `#`) is meant as a share fragment. */
export function isShareFragment(hash: string): boolean {
  return /^#?psr\d+\./.test(hash);
}

/**
 * The cell name a share fragment (with or without `#`) is addressed to, read
 * without decompressing anything, so each cell can tell cheaply whether a
 * link is meant for it; undefined when the fragment has no readable name.
 */
export function shareFragmentName(fragment: string): string | undefined {
  if (!isShareFragment(fragment)) return undefined;
  const parts = (fragment.startsWith('#') ? fragment.slice(1) : fragment).split('.');
  if (parts.length !== 3) return undefined;
  try {
    return decodeURIComponent(parts[1]!);
  } catch {
    return undefined;
  }
}

/**
 * Decodes and validates a share fragment (with or without `#`) exactly as a
 * state file is validated. Rejects with a {@link StateFileError} when the
 * fragment is damaged: a wrong prefix or shape (`format`), a newer link
 * format (`newer-version`), bad base64url (`base64`), data that does not
 * decompress (`compression`), too much data (`too-large`), or a state file
 * that does not validate (its own reason).
 */
export async function decodeShareFragment(
  fragment: string,
  options: Pick<DecodeStateFileOptions, 'maxTotalBytes'> = {},
): Promise<SharedState> {
  const text = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  const parts = text.split('.');
  const version = /^psr(\d+)$/.exec(parts[0] ?? '');
  if (version && Number(version[1]) > 1) {
    const message = `This share link is format ${parts[0]}, made by a newer version of py-state-runner; this build reads ${SHARE_PREFIX}`;
    throw new StateFileError('newer-version', message);
  }
  if (parts.length !== 3 || parts[0] !== SHARE_PREFIX) {
    const message = `This is not a share link of py-state-runner: it must read "${SHARE_PREFIX}.<name>.<data>"`;
    throw new StateFileError('format', message);
  }
  const name = decodeName(parts[1]!);
  const compressed = fromBase64Url(parts[2]!);
  if (compressed === undefined) {
    throw new StateFileError(
      'base64',
      'This share link is damaged: its data is not valid base64url',
    );
  }
  const file = new Blob([await decompress(compressed)], { type: 'application/json' });
  const state = await decodeStateFile(file, { maxTotalBytes: options.maxTotalBytes });
  return { name, file, state };
}

function encodeName(name: string): string {
  return encodeURIComponent(name).replaceAll('.', '%2E');
}

function decodeName(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch (error) {
    const message = 'This share link is damaged: its cell name is not valid percent-encoding';
    throw new StateFileError('format', message, undefined, { cause: error });
  }
}

async function decompress(compressed: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([compressed]).stream().pipeThrough(new DecompressionStream(COMPRESSION));
  try {
    return await collect(stream, MAX_SHARED_STATE_BYTES);
  } catch (error) {
    if (error instanceof StateFileError) throw error;
    const message = `This share link is damaged: its data does not decompress (${String(error)})`;
    throw new StateFileError('compression', message, undefined, { cause: error });
  }
}

/** Reads a stream into one array, refusing to hold more than `maxBytes`. */
async function collect(
  stream: ReadableStream<Uint8Array>,
  maxBytes = Number.POSITIVE_INFINITY,
): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel();
      const message = `This share link holds more than ${maxBytes} bytes of state once decompressed, more than a link may carry`;
      throw new StateFileError('too-large', message);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  }
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** Undefined unless `text` is base64url without padding, as {@link toBase64Url} writes it. */
function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (/[^A-Za-z0-9_-]/.test(text) || text.length % 4 === 1) return undefined;
  const padded = text
    .replaceAll('-', '+')
    .replaceAll('_', '/')
    .padEnd(Math.ceil(text.length / 4) * 4, '=');
  return decodeBase64(padded) as Uint8Array<ArrayBuffer> | undefined;
}
