import { decodeBase64 } from '../state/encoding.js';
import { PYTHON_FILES, type PythonBytecode } from './python-package.js';

const CACHE_TAG = /^[a-z]+-\d+$/;

/**
 * The bytecode in the file's text, or undefined when it is not such a file:
 * its cache tag becomes part of a file name, and only the package's own
 * modules get a `.pyc`. Whatever is taken, Python still checks each `.pyc`
 * against its source's hash and its own magic number before using it.
 */
export function parseBytecode(text: string): PythonBytecode | undefined {
  try {
    const data = JSON.parse(text) as { cacheTag?: unknown; files?: unknown };
    if (typeof data.cacheTag !== 'string' || !CACHE_TAG.test(data.cacheTag)) return undefined;
    if (typeof data.files !== 'object' || data.files === null) return undefined;
    const files = new Map<string, Uint8Array>();
    for (const [name, encoded] of Object.entries(data.files)) {
      if (!Object.hasOwn(PYTHON_FILES, name) || typeof encoded !== 'string') return undefined;
      const pyc = decodeBase64(encoded);
      if (!pyc) return undefined;
      files.set(name, pyc);
    }
    return { cacheTag: data.cacheTag, files };
  } catch {
    return undefined;
  }
}

/**
 * Starts fetching the bytecode file; `arrived()` is its bytecode once it is
 * there, undefined before, and for good if it cannot be had (the host then
 * compiles its sources, as it would without it). Nothing waits for it.
 */
export function fetchBytecode(url: string): { arrived(): PythonBytecode | undefined } {
  let bytecode: PythonBytecode | undefined;
  fetch(url)
    .then((response) => (response.ok ? response.text() : ''))
    .then(
      (text) => {
        bytecode = parseBytecode(text);
      },
      () => {},
    );
  return { arrived: () => bytecode };
}
