/**
 * Paths inside a state file, and names of files that come from outside.
 * Pure: no DOM, no Pyodide, so the page and the worker share it.
 */

/** The longest path a state file may name, in UTF-16 code units (Linux's PATH_MAX). */
export const MAX_STATE_PATH_LENGTH = 4096;

/** The longest file name most file systems accept, in UTF-8 bytes. */
const MAX_FILE_NAME_BYTES = 255;

/** Longer "extensions" are more likely part of the name than a type, so they are not protected. */
const MAX_EXTENSION_BYTES = 32;

const FALLBACK_FILE_NAME = 'file';

/** Why a list of paths cannot be written into one folder. */
export interface StatePathProblem {
  reason: 'path' | 'duplicate-path';
  path: string;
  message: string;
}

const encoder = new TextEncoder();

/**
 * Returns undefined for a valid state path, else a reason a person can read.
 * A valid path is relative, POSIX (`/` separates folders), non-empty, at
 * most 4096 characters, with no `.`, `..` or empty segment, no NUL and no
 * lone surrogate. A backslash is an ordinary character of a POSIX name
 * (Python may write `C:\\Users\\me\\out.csv`), so it is allowed: every file
 * Python can make in the folder must round-trip through Save and Load.
 */
export function checkStatePath(path: string): string | undefined {
  if (path === '') {
    return 'the path is empty';
  }
  if (path.length > MAX_STATE_PATH_LENGTH) {
    return `the path is ${path.length} characters long, more than ${MAX_STATE_PATH_LENGTH}`;
  }
  if (path.includes('\0')) {
    return 'the path contains a NUL character';
  }
  if (LONE_SURROGATE.test(path)) {
    return 'the path is not valid Unicode (it has a lone surrogate)';
  }
  if (path.startsWith('/')) {
    return 'the path starts with / (state paths are relative to the cell folder)';
  }
  for (const segment of path.split('/')) {
    if (segment === '') {
      return 'the path has an empty segment (// or a trailing /)';
    }
    if (segment === '..') {
      return 'the path has a ".." segment, which would leave the cell folder';
    }
    if (segment === '.') {
      return 'the path has a "." segment';
    }
  }
  return undefined;
}

/**
 * Checks a state file's paths, each on its own ({@link checkStatePath}) and
 * together: no path twice, and no path that is a file and another's folder.
 */
export function findStatePathProblem(paths: Iterable<string>): StatePathProblem | undefined {
  const seen = new Set<string>();
  for (const path of paths) {
    const problem = checkStatePath(path);
    if (problem !== undefined) {
      return { reason: 'path', path, message: `Refused ${quote(path)}: ${problem}` };
    }
    if (seen.has(path)) {
      return {
        reason: 'duplicate-path',
        path,
        message: `${path}: this path appears more than once`,
      };
    }
    seen.add(path);
  }
  // No file system can hold a path that is both a file and another file's folder.
  for (const path of seen) {
    for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
      const folder = path.slice(0, slash);
      if (seen.has(folder)) {
        const message = `Refused ${quote(path)}: it needs ${quote(folder)} to be a folder, but that is a file here`;
        return { reason: 'path', path, message };
      }
    }
  }
  return undefined;
}

/** JSON quoting shows invisible characters (a NUL reads `\u0000`); long values are cut. */
export function quote(text: string): string {
  return JSON.stringify(text.length > 100 ? `${text.slice(0, 100)}…` : text);
}

/**
 * Returns undefined when a reader's file name (from a file picker or a drop)
 * can be a file of the cell's folder exactly as it is, else why not. Only
 * what one folder entry cannot hold is refused: `/`, NUL, `.` and `..`, an
 * empty name, more than 255 UTF-8 bytes, and a lone surrogate (which has no
 * UTF-8 form). Spaces, `+`, brackets and the like stay, so
 * `sales+q1 (2).csv` keeps its name for the code that opens it.
 */
export function checkDataFileName(name: string): string | undefined {
  if (name === '') {
    return 'the name is empty';
  }
  if (name === '.' || name === '..') {
    return `"${name}" names a folder, not a file`;
  }
  if (name.includes('/')) {
    return 'the name contains /, which separates folders';
  }
  if (name.includes('\0')) {
    return 'the name contains a NUL character';
  }
  if (LONE_SURROGATE.test(name)) {
    return 'the name is not valid Unicode (it has a lone surrogate)';
  }
  const bytes = byteLength(name);
  if (bytes > MAX_FILE_NAME_BYTES) {
    return `the name is ${bytes} bytes long in UTF-8, more than ${MAX_FILE_NAME_BYTES}`;
  }
  return undefined;
}

/** A high surrogate not followed by a low one, or a low one not after a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Turns a user-chosen file name (from a file picker or a drop) into one safe
 * path segment: no folder part, no control characters, only letters, digits,
 * `.`, `_`, space and `-` (anything else becomes `_`), no dots or spaces at
 * the ends, at most 255 UTF-8 bytes with the extension kept. Falls back to
 * `file` when nothing is left.
 */
export function sanitizeFileName(name: string): string {
  const baseName = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const cleaned = baseName
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point.
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    // Marks are kept with letters so that decomposed (NFD) accents survive.
    .replace(/[^\p{L}\p{M}\p{N}._ -]/gu, '_')
    .replace(/^[ .]+|[ .]+$/g, '');
  if (cleaned === '') {
    return FALLBACK_FILE_NAME;
  }
  return capFileName(cleaned, MAX_FILE_NAME_BYTES);
}

/**
 * The download name of a state file: `<name>-<yyyymmdd-hhmmss>.pystate.json`
 * in local time, with the name sanitised by {@link sanitizeFileName}.
 */
export function stateFileName(name: string, date: Date): string {
  const two = (value: number) => String(value).padStart(2, '0');
  const day = `${date.getFullYear()}${two(date.getMonth() + 1)}${two(date.getDate())}`;
  const time = `${two(date.getHours())}${two(date.getMinutes())}${two(date.getSeconds())}`;
  const suffix = `-${day}-${time}.pystate.json`;
  return `${truncateToBytes(sanitizeFileName(name), MAX_FILE_NAME_BYTES - suffix.length)}${suffix}`;
}

function capFileName(name: string, maxBytes: number): string {
  if (byteLength(name) <= maxBytes) {
    return name;
  }
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot) : '';
  const keptExtension = byteLength(extension) <= MAX_EXTENSION_BYTES ? extension : '';
  const stem = name.slice(0, name.length - keptExtension.length);
  const cut = truncateToBytes(stem, maxBytes - byteLength(keptExtension));
  // Cutting can expose a space or dot at the end of the stem; the rule for the ends still holds.
  return `${cut.replace(/[ .]+$/, '') || FALLBACK_FILE_NAME}${keptExtension}`;
}

/** Cuts at a code point boundary, so a surrogate pair is never split. */
function truncateToBytes(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const character of text) {
    const size = byteLength(character);
    if (bytes + size > maxBytes) {
      break;
    }
    bytes += size;
    end += character.length;
  }
  return text.slice(0, end);
}

function byteLength(text: string): number {
  return encoder.encode(text).length;
}
