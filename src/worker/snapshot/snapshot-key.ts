import { PYTHON_FILES } from '../python-package.js';
import { sha256Hex } from './snapshot-store.js';

/**
 * Bumped when what a snapshot holds or how it is stored changes in a way the
 * Python files do not show (e.g. the worker's boot steps around it).
 */
const SNAPSHOT_FORMAT = 1;

let buildId: Promise<string> | undefined;

/**
 * This build's id: a hash of the worker's Python, which is all of this build
 * that a snapshot holds (the host's modules, imported). A build that changes
 * one of them gets a new key, and the old snapshot is ignored and replaced.
 */
function pythonBuildId(): Promise<string> {
  buildId ??= sha256Hex(
    new TextEncoder().encode(
      Object.entries(PYTHON_FILES)
        .map(([name, source]) => `${name}\n${source}`)
        .join('\n\0'),
    ),
  );
  return buildId;
}

/**
 * What a snapshot was made from: the format, Pyodide's version, this build and
 * the packages loaded before it was taken (sorted: their order does not
 * matter). A stored snapshot is used only under exactly this key.
 */
export async function snapshotKey(pyodideVersion: string, packages: string[]): Promise<string> {
  return JSON.stringify({
    format: SNAPSHOT_FORMAT,
    pyodide: pyodideVersion,
    build: await pythonBuildId(),
    packages: [...packages].sort(),
  });
}
