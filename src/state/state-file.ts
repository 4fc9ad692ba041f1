/**
 * The state file, version 1: one JSON document holding a cell's code and
 * files, each file with its size, sha256 and base64 data. Pure (no DOM
 * besides Blob, TextEncoder and crypto.subtle, no Pyodide), so the page and
 * the worker share it. See "State file, version 1" in DESIGN.md.
 */

import { type ClassicDemoState, decodeClassicDemo, isClassicDemoDocument } from './classic-demo.js';
import { base64Bytes, decodeBase64, sha256Hex } from './encoding.js';
import { StateFileError } from './state-error.js';
import { findStatePathProblem, quote } from './state-path.js';

export type { ClassicDemoState } from './classic-demo.js';
export { StateFileError, type StateFileErrorReason } from './state-error.js';

export {
  checkDataFileName,
  checkStatePath,
  sanitizeFileName,
  stateFileName,
} from './state-path.js';

/** The `format` every state file carries. */
export const STATE_FORMAT = 'py-state-runner';
/** The one version of the state file this build writes and reads. */
export const STATE_VERSION = 1;
/** The default limit on the sum of a state file's decoded file sizes. */
export const DEFAULT_MAX_TOTAL_BYTES = 200 * 1024 * 1024;

/** One file of a cell's folder; `path` is relative to that folder, POSIX. */
export interface StateFileEntry {
  path: string;
  data: Uint8Array;
}

/** A cell's state: what a state file holds once decoded. */
export interface StateDocument {
  name: string;
  env: string;
  /** ISO 8601 time of the save. */
  savedAt: string;
  code: string;
  files: StateFileEntry[];
}

/** Options of {@link decodeStateFile}. */
export interface DecodeStateFileOptions {
  /** The largest sum of decoded file sizes accepted; {@link DEFAULT_MAX_TOTAL_BYTES} by default. */
  maxTotalBytes?: number;
  /**
   * Also accept the classic Pyodide persistence demo's download, which
   * decodes to a {@link ClassicDemoState} (files, no code). Off by default,
   * so a caller opts in once it can keep the cell's code.
   */
  acceptClassicDemo?: boolean;
}

interface RawFile {
  path: string;
  size: number;
  sha256: string;
  data: string;
}

// Room for the code, the names and each entry's JSON around the base64 data.
const RAW_SLACK_BYTES = 16 * 1024 * 1024;
const MEGABYTE = 1024 * 1024;
// The classic demo writes each byte as a JSON number: up to "255, " per byte.
const CLASSIC_CHARS_PER_BYTE = 5;

/** Options of {@link encodeStateFile}. */
export interface EncodeStateFileOptions {
  /** The limit the reader's Load applies; a bigger state is refused before anything is built. */
  maxTotalBytes?: number;
}

/**
 * Builds the state file (version 1 JSON, one top-level key and one file entry
 * per line) as a Blob of type application/json. Refuses, with a
 * {@link StateFileError}, files whose paths a state file may not hold, files
 * that add up to more than Load accepts (`too-large`), and a state too big
 * for the browser to hold as one Blob (`too-large` too).
 */
export async function encodeStateFile(
  doc: StateDocument,
  options: EncodeStateFileOptions = {},
): Promise<Blob> {
  checkPaths(doc.files);
  const totalBytes = doc.files.reduce((sum, file) => sum + file.data.length, 0);
  if (options.maxTotalBytes !== undefined && totalBytes > options.maxTotalBytes) {
    const message = `The files of this cell add up to ${megabytes(totalBytes)}, more than the limit of ${megabytes(options.maxTotalBytes)}: Load would refuse this state file, so it was not saved. Delete files (in the State panel) to make it smaller`;
    throw new StateFileError('too-large', message);
  }
  const parts: BlobPart[] = [
    `{\n  "format": ${JSON.stringify(STATE_FORMAT)},\n  "version": ${STATE_VERSION},\n`,
    `  "name": ${JSON.stringify(doc.name)},\n  "env": ${JSON.stringify(doc.env)},\n`,
    `  "savedAt": ${JSON.stringify(doc.savedAt)},\n  "code": ${JSON.stringify(doc.code)},\n`,
    '  "files": [',
  ];
  for (const [index, file] of doc.files.entries()) {
    const path = JSON.stringify(file.path);
    const sha256 = await sha256Hex(file.data);
    const head = `${index === 0 ? '\n' : ',\n'}    { "path": ${path}, "size": ${file.data.length}, `;
    // A Blob per entry lets its base64 chunks be collected before the next file is encoded.
    const data = base64Bytes(file.data);
    parts.push(blobOf([head, `"sha256": "${sha256}", "data": "`, data, '" }'], totalBytes));
  }
  parts.push(doc.files.length === 0 ? ']\n}\n' : '\n  ]\n}\n');
  return blobOf(parts, totalBytes, 'application/json');
}

/**
 * A Blob, or a clear refusal where the browser cannot make one (Chromium
 * caps a Blob near 2 GB and says only "Failed to construct 'Blob'").
 */
function blobOf(parts: BlobPart[], totalBytes: number, type?: string): Blob {
  try {
    return new Blob(parts, type === undefined ? {} : { type });
  } catch (error) {
    const message = `The files of this cell add up to ${megabytes(totalBytes)}, more than this browser can hold as one state file. Delete files (in the State panel) to make it smaller`;
    throw new StateFileError('too-large', message, undefined, { cause: error });
  }
}

/**
 * Parses and validates a state file, then returns the decoded document.
 * With `acceptClassicDemo`, a classic Pyodide demo download decodes to a
 * {@link ClassicDemoState} instead. Rejects with a {@link StateFileError}
 * naming the first problem found.
 */
export async function decodeStateFile(
  input: Blob | string,
  options?: DecodeStateFileOptions & { acceptClassicDemo?: false },
): Promise<StateDocument>;
export async function decodeStateFile(
  input: Blob | string,
  options?: DecodeStateFileOptions,
): Promise<StateDocument | ClassicDemoState>;
export async function decodeStateFile(
  input: Blob | string,
  options: DecodeStateFileOptions = {},
): Promise<StateDocument | ClassicDemoState> {
  const maxTotalBytes = options.maxTotalBytes ?? DEFAULT_MAX_TOTAL_BYTES;
  const rawSize = typeof input === 'string' ? input.length : input.size;
  // Base64 grows data by 4/3; anything much bigger cannot fit the limit, so it is not even parsed.
  const maxRawBytes = Math.max(
    Math.ceil(maxTotalBytes / 3) * 4,
    options.acceptClassicDemo ? maxTotalBytes * CLASSIC_CHARS_PER_BYTE : 0,
  );
  if (rawSize > maxRawBytes + RAW_SLACK_BYTES) {
    const message = `This state file is ${megabytes(rawSize)}, too large for the limit of ${megabytes(maxTotalBytes)} of files`;
    throw new StateFileError('too-large', message);
  }
  const parsed = parseJson(typeof input === 'string' ? input : await input.text());
  if (options.acceptClassicDemo && isClassicDemoDocument(parsed)) {
    return decodeClassicDemo(parsed, maxTotalBytes);
  }
  const state = checkHeader(parsed);
  const name = requireField(state, 'name', isString, 'a string');
  const env = requireField(state, 'env', isString, 'a string');
  const savedAt = requireField(state, 'savedAt', isString, 'a string');
  const code = requireField(state, 'code', isString, 'a string');
  const rawFiles = requireField(state, 'files', isArray, 'an array');
  const files = rawFiles.map((file, index) => checkFileFields(file, `files[${index}]`));
  checkPaths(files);
  const decoded = files.map((file) => ({ path: file.path, data: decodeFileData(file) }));
  const totalBytes = decoded.reduce((sum, file) => sum + file.data.length, 0);
  if (totalBytes > maxTotalBytes) {
    const message = `The files in this state file add up to ${megabytes(totalBytes)}, more than the limit of ${megabytes(maxTotalBytes)}`;
    throw new StateFileError('too-large', message);
  }
  for (const [index, { path, data }] of decoded.entries()) {
    if ((await sha256Hex(data)) !== files[index]!.sha256.toLowerCase()) {
      throw new StateFileError('checksum', `${path}: sha256 does not match its data`, path);
    }
  }
  return { name, env, savedAt, code, files: decoded };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = `This is not a state file: it is not valid JSON (${String(error)})`;
    throw new StateFileError('not-json', message, undefined, { cause: error });
  }
}

function checkHeader(parsed: unknown): Record<string, unknown> {
  const notOurs = `This is not a ${STATE_FORMAT} state file`;
  if (!isRecord(parsed)) {
    throw new StateFileError(
      'format',
      `${notOurs}: it holds ${describeValue(parsed)}, not an object`,
    );
  }
  if (parsed.format !== STATE_FORMAT) {
    const found =
      parsed.format === undefined
        ? 'it has no "format" field'
        : `its format is ${describeValue(parsed.format)}`;
    throw new StateFileError('format', `${notOurs}: ${found}`);
  }
  const version = parsed.version;
  if (typeof version === 'number' && version > STATE_VERSION) {
    const message = `This state file is version ${version}, made by a newer version of ${STATE_FORMAT}; this build reads version ${STATE_VERSION}, so update ${STATE_FORMAT} to load it`;
    throw new StateFileError('newer-version', message);
  }
  if (version !== STATE_VERSION) {
    const found =
      version === undefined
        ? 'has no "version" field'
        : `has version ${describeValue(version)}${isString(version) ? ' (a string)' : ''}`;
    const message = `This state file ${found}; this build reads version ${STATE_VERSION} only`;
    throw new StateFileError('version', message);
  }
  return parsed;
}

function checkFileFields(file: unknown, field: string): RawFile {
  if (!isRecord(file)) {
    const message = `This state file is malformed: the field "${field}" must be an object, but it is ${describeValue(file)}`;
    throw new StateFileError('field', message);
  }
  const path = requireField(file, 'path', isString, 'a string', field);
  return {
    path,
    size: requireField(file, 'size', isSize, 'a non-negative integer', field, path),
    sha256: requireField(file, 'sha256', isSha256, 'a 64-character hex string', field, path),
    data: requireField(file, 'data', isString, 'a base64 string', field, path),
  };
}

function requireField<T>(
  record: Record<string, unknown>,
  key: string,
  isValid: (value: unknown) => value is T,
  expected: string,
  parent?: string,
  path?: string,
): T {
  const value = record[key];
  if (isValid(value)) {
    return value;
  }
  const field = parent === undefined ? key : `${parent}.${key}`;
  const problem =
    value === undefined
      ? `the field "${field}" is missing (it must be ${expected})`
      : `the field "${field}" must be ${expected}, but it is ${describeValue(value)}`;
  const where = path === undefined ? '' : ` (file ${path})`;
  throw new StateFileError('field', `This state file is malformed: ${problem}${where}`, path);
}

/** Shared by encode and decode, so that a state file this module writes is one it reads. */
function checkPaths(files: readonly { path: string }[]): void {
  const problem = findStatePathProblem(files.map((file) => file.path));
  if (problem !== undefined) {
    throw new StateFileError(problem.reason, problem.message, problem.path);
  }
}

function decodeFileData({ path, size, data }: RawFile): Uint8Array {
  const bytes = decodeBase64(data);
  if (bytes === undefined) {
    throw new StateFileError('base64', `${path}: its data is not valid base64`, path);
  }
  if (bytes.length !== size) {
    const message = `${path}: its size says ${countBytes(size)}, but its data holds ${countBytes(bytes.length)}`;
    throw new StateFileError('size', message, path);
  }
  return bytes;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isArray = (value: unknown): value is unknown[] => Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isSize = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) >= 0;
const isSha256 = (value: unknown): value is string =>
  isString(value) && /^[0-9a-f]{64}$/i.test(value);

function describeValue(value: unknown): string {
  if (isString(value)) {
    return quote(value);
  }
  const kind = Array.isArray(value) ? 'an array' : isRecord(value) ? 'an object' : '';
  return kind || String(value);
}

function countBytes(count: number): string {
  return count === 1 ? '1 byte' : `${count} bytes`;
}

/** Exact bytes are added below a megabyte, where a rounded figure says little. */
function megabytes(bytes: number): string {
  const rounded = `${Number((bytes / MEGABYTE).toPrecision(3))} MB`;
  return bytes < MEGABYTE ? `${rounded} (${countBytes(bytes)})` : rounded;
}
