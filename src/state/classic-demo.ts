/**
 * The download of the classic Pyodide persistence demo,
 * `{"database": [byte numbers], "jsonState": {...}}`, read as a cell's two
 * files `app_state.db` and `app_state.json`. Pure, like state-file.ts.
 * Everything is validated before anything is returned, so a caller that
 * swaps the files in only on success keeps its all-or-nothing guarantee.
 */

import { StateFileError } from './state-error.js';

/** Where the classic demo's database lands in the cell's folder. */
export const CLASSIC_DATABASE_PATH = 'app_state.db';
/** Where the classic demo's `jsonState` lands, as pretty-printed JSON text. */
export const CLASSIC_JSON_PATH = 'app_state.json';

/**
 * A decoded classic demo download: files only. It carries no code, no name
 * and no env, so the cell keeps its own code.
 */
export interface ClassicDemoState {
  /** Says where the files came from, so the cell can say it imported them. */
  origin: 'classic-demo';
  files: { path: string; data: Uint8Array }[];
}

// https://www.sqlite.org/fileformat2.html#the_database_header
const SQLITE_MAGIC = 'SQLite format 3\0';
const SQLITE_HEADER_BYTES = 100;

/**
 * Whether a parsed JSON document is meant as a classic demo download: no
 * `format` field, and one of the two keys that download has. A document that
 * half matches is then refused by {@link decodeClassicDemo} with the missing
 * field named, rather than as "not a state file".
 */
export function isClassicDemoDocument(parsed: unknown): parsed is Record<string, unknown> {
  return (
    isRecord(parsed) &&
    parsed.format === undefined &&
    ('database' in parsed || 'jsonState' in parsed)
  );
}

/**
 * Validates a classic demo download (bytes are integers 0–255 forming a
 * SQLite database, `jsonState` is an object, the total fits
 * `maxTotalBytes`) and returns its two files. Throws a
 * {@link StateFileError} naming the first problem found.
 */
export function decodeClassicDemo(
  parsed: Record<string, unknown>,
  maxTotalBytes: number,
): ClassicDemoState {
  const { database, jsonState } = parsed;
  if (!Array.isArray(database)) {
    throw fieldError('database', 'an array of byte numbers', database);
  }
  if (!isRecord(jsonState)) {
    throw fieldError('jsonState', 'an object', jsonState);
  }
  if (database.length > maxTotalBytes) {
    throw tooLarge(database.length, maxTotalBytes);
  }
  const bytes = new Uint8Array(database.length);
  for (const [index, value] of database.entries()) {
    if (!Number.isInteger(value) || value < 0 || value > 255) {
      const message = `This classic demo file is malformed: "database[${index}]" must be a byte, an integer from 0 to 255, but it is ${describe(value)}`;
      throw new StateFileError('field', message, CLASSIC_DATABASE_PATH);
    }
    bytes[index] = value;
  }
  checkSqlite(bytes);
  const json = new TextEncoder().encode(`${JSON.stringify(jsonState, null, 2)}\n`);
  if (bytes.length + json.length > maxTotalBytes) {
    throw tooLarge(bytes.length + json.length, maxTotalBytes);
  }
  return {
    origin: 'classic-demo',
    files: [
      { path: CLASSIC_DATABASE_PATH, data: bytes },
      { path: CLASSIC_JSON_PATH, data: json },
    ],
  };
}

/** The magic string, a page size SQLite can write, and a length of whole pages. */
function checkSqlite(bytes: Uint8Array): void {
  const magic = String.fromCharCode(...bytes.subarray(0, SQLITE_MAGIC.length));
  if (magic !== SQLITE_MAGIC) {
    const message = `${CLASSIC_DATABASE_PATH}: the classic demo file's "database" is not a SQLite database (it does not start with "SQLite format 3")`;
    throw new StateFileError('not-sqlite', message, CLASSIC_DATABASE_PATH);
  }
  if (bytes.length < SQLITE_HEADER_BYTES) {
    const message = `${CLASSIC_DATABASE_PATH}: the database holds ${bytes.length} bytes, shorter than a SQLite header (${SQLITE_HEADER_BYTES} bytes)`;
    throw new StateFileError('size', message, CLASSIC_DATABASE_PATH);
  }
  const field = (bytes[16]! << 8) | bytes[17]!;
  // The value 1 stands for 65536, which does not fit the two-byte field.
  const pageSize = field === 1 ? 65536 : field;
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) {
    const message = `${CLASSIC_DATABASE_PATH}: the SQLite header names a page size of ${field}, which SQLite never writes`;
    throw new StateFileError('not-sqlite', message, CLASSIC_DATABASE_PATH);
  }
  if (bytes.length % pageSize !== 0) {
    const message = `${CLASSIC_DATABASE_PATH}: the database holds ${bytes.length} bytes, not a whole number of ${pageSize}-byte pages, so it was cut short`;
    throw new StateFileError('size', message, CLASSIC_DATABASE_PATH);
  }
}

function fieldError(field: string, expected: string, value: unknown): StateFileError {
  const problem =
    value === undefined
      ? `the field "${field}" is missing (it must be ${expected})`
      : `the field "${field}" must be ${expected}, but it is ${describe(value)}`;
  return new StateFileError('field', `This classic demo file is malformed: ${problem}`);
}

function tooLarge(bytes: number, maxTotalBytes: number): StateFileError {
  const message = `This classic demo file holds ${bytes} bytes of files, more than the limit of ${maxTotalBytes} bytes`;
  return new StateFileError('too-large', message);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  return isRecord(value) ? 'an object' : String(value);
}
