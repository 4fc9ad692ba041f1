/// <reference path="./python-text.d.ts" />
import init from './python/__init__.py';
import budget from './python/budget.py';
import compiling from './python/compiling.py';
import display from './python/display.py';
import exportTable from './python/export.py';
import host from './python/host.py';
import inspection from './python/inspection.py';
import namespaces from './python/namespaces.py';
import output from './python/output.py';
import preview from './python/preview.py';
import run from './python/run.py';
import sleep from './python/sleep.py';
import snapshot from './python/snapshot.py';
import sqliteFiles from './python/sqlite_files.py';
import stdin from './python/stdin.py';
import tracebacks from './python/tracebacks.py';
import values from './python/values.py';

/**
 * The package's name inside Pyodide: underscored and ours, and only in
 * `sys.modules` for the moment the host is started (see python-api.ts).
 */
export const PYTHON_PACKAGE = '_py_state_runner';

/** Every module of src/worker/python/, by file name. A new module adds a line here. */
export const PYTHON_FILES: Readonly<Record<string, string>> = {
  '__init__.py': init,
  'budget.py': budget,
  'compiling.py': compiling,
  'display.py': display,
  'export.py': exportTable,
  'host.py': host,
  'inspection.py': inspection,
  'namespaces.py': namespaces,
  'output.py': output,
  'preview.py': preview,
  'run.py': run,
  'sleep.py': sleep,
  'snapshot.py': snapshot,
  'sqlite_files.py': sqliteFiles,
  'stdin.py': stdin,
  'tracebacks.py': tracebacks,
  'values.py': values,
};

/**
 * The build's bytecode of the package (scripts/python-bytecode.mjs): each
 * module's checked-hash `.pyc`, for the Python of `cacheTag` (`cpython-314`).
 */
export interface PythonBytecode {
  cacheTag: string;
  /** By module file name (`host.py`); only modules of the package. */
  files: ReadonlyMap<string, Uint8Array>;
}

/** The part of Emscripten's FS that writing the package needs. */
export interface PackageFileSystem {
  mkdirTree(path: string): void;
  writeFile(path: string, data: string | Uint8Array): void;
}

/**
 * Writes the package as `<folder>/_py_state_runner/*.py`, ready for `import`
 * once folder is on sys.path; with `bytecode`, each module's `.pyc` too, where
 * Python looks for it (`__pycache__/<module>.<cache tag>.pyc`), so importing
 * compiles nothing. Python takes a `.pyc` only for the source it was compiled
 * from and for its own version; any other is passed over for the source.
 */
export function writePythonPackage(
  fs: PackageFileSystem,
  folder: string,
  bytecode?: PythonBytecode,
): void {
  const packageFolder = `${folder}/${PYTHON_PACKAGE}`;
  fs.mkdirTree(packageFolder);
  for (const [name, source] of Object.entries(PYTHON_FILES)) {
    fs.writeFile(`${packageFolder}/${name}`, source);
  }
  if (!bytecode) return;
  fs.mkdirTree(`${packageFolder}/__pycache__`);
  for (const [name, pyc] of bytecode.files) {
    const module = name.slice(0, -'.py'.length);
    fs.writeFile(`${packageFolder}/__pycache__/${module}.${bytecode.cacheTag}.pyc`, pyc);
  }
}
