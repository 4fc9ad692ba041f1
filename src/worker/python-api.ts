import type { PyodideAPI } from 'pyodide';
import type { PyCallable, PyProxy } from 'pyodide/ffi';
import type { DatabaseReport, FilePreview, RunError } from '../protocol.js';
import { withPythonMessage } from './python-error.js';
import { PYTHON_PACKAGE, type PythonBytecode, writePythonPackage } from './python-package.js';
import type { StdinHooks } from './stdin.js';

/** What `run.run` returns: the repr of the last expression or the error, never both. */
export interface PythonRunOutcome {
  result?: string;
  /** The run's Python exception; the worker adds its `kind`. */
  error?: Omit<RunError, 'kind'>;
  truncated: boolean;
  /** Output written after the run's last post, which its reply carries. */
  tail: ['stdout' | 'stderr', string][];
}

/** A whole table as `export.export_table` reads it: blobs as hex, NULL as null. */
export interface TableExport {
  columns: string[];
  rows: unknown[][];
  /** False when rows stop before the table's end (a chunk, see `exportTable`). */
  done: boolean;
}

/**
 * The Python host as the worker calls it: the one typed mirror of
 * src/worker/python/host.py's `start()`. Names follow the Python ones.
 */
export interface PythonHost {
  /**
   * Output arrives through `post(stream, text)`, display items through
   * `post('display', data, mime)` in the same order; what was written after
   * the last post comes back as the outcome's `tail`.
   */
  run(
    env: string,
    folder: string,
    code: string,
    filename: string,
    post: (stream: string, text: string, mime?: string) => void,
    maxLines: number,
    maxBytes: number,
  ): Promise<PythonRunOutcome>;
  reset_namespace(env: string): void;
  set_aside_namespace(env: string): void;
  /** False when nothing was set aside for the env. */
  restore_namespace(env: string): boolean;
  drop_aside_namespace(env: string): void;
  /** The panel's calls fail with an Error whose message is the Python exception's last line. */
  inspect(folder: string, paths: string[]): DatabaseReport[];
  preview(folder: string, path: string, rowLimit: number): FilePreview;
  export_table(
    folder: string,
    path: string,
    table: string,
    offset: number,
    limit: number | undefined,
  ): TableExport;
}

/** Interrupt hooks, given where the page is cross-origin isolated. */
export interface InterruptHooks {
  /** Blocks until Stop writes to the interrupt buffer or the time is up. */
  wait(milliseconds: number): void;
  clear(): void;
}

export interface PythonHostOptions {
  /** Given where the page is cross-origin isolated. */
  interrupt?: InterruptHooks;
  /** More file names (URLs of Pyodide's scripts) whose frames tracebacks leave out. */
  hiddenFiles?: string[];
  /** How input() and sys.stdin ask the page for a line. */
  stdin?: StdinHooks;
  /** The build's bytecode of the package, when it has arrived: importing it then compiles nothing. */
  bytecode?: PythonBytecode;
}

/** Where the package is written for the moment of its import, then deleted. */
const BOOT_FOLDER = '/tmp/py-state-runner-boot';

/**
 * With WebAssembly JSPI, runs are called with stack switching, so that input()
 * and time.sleep can wait with `run_sync` on a page that is not cross-origin
 * isolated (as Pyodide's event loop would let them).
 */
const canSwitchStacks = typeof WebAssembly === 'object' && 'Suspending' in WebAssembly;

/** Writes the package and puts its folder in front of sys.path. */
function importablePackage(pyodide: PyodideAPI, bytecode?: PythonBytecode): void {
  writePythonPackage(pyodide.FS, BOOT_FOLDER, bytecode);
  const sys = pyodide.pyimport('sys');
  const path: PyProxy = sys.path;
  path.insert(0, BOOT_FOLDER);
  path.destroy();
  sys.destroy();
}

/**
 * Readies an interpreter for a memory snapshot (src/worker/python/snapshot.py):
 * the host's modules imported, the host not started, so that no JS function
 * is referenced from Python. A boot from the snapshot then starts the host as
 * any boot does, which also takes the package out of reach.
 */
export function preparePythonSnapshot(pyodide: PyodideAPI): void {
  importablePackage(pyodide);
  const module = pyodide.pyimport(`${PYTHON_PACKAGE}.snapshot`);
  try {
    module.prepare();
  } finally {
    module.destroy();
  }
}

/**
 * A Python dict or list as plain JavaScript (dicts as objects, `jsnull` as
 * null), typed by the host's signature. Throws on anything that would stay a
 * proxy, so no PyProxy leaks into a reply; the proxy itself is released.
 */
function toPlain<T>(value: PyProxy): T {
  try {
    return value.toJs({ dict_converter: Object.fromEntries, create_pyproxies: false });
  } finally {
    value.destroy();
  }
}

/**
 * Writes and imports the Python package, keeps direct references to its
 * functions, then takes it out of reach of user code (#12: a cell could
 * replace `_psr_host.preview` and fake another cell's panel, or wrap `run`
 * and read every later cell's code).
 */
export function startPythonHost(
  pyodide: PyodideAPI,
  { interrupt, hiddenFiles = [], stdin, bytecode }: PythonHostOptions = {},
): PythonHost {
  importablePackage(pyodide, bytecode);
  // After a boot from a memory snapshot the modules are already imported;
  // the files are written anyway, as hide() deletes them.
  const module = pyodide.pyimport(`${PYTHON_PACKAGE}.host`);
  const functions: PyProxy = module.start(interrupt?.wait, interrupt?.clear, hiddenFiles, stdin);
  const take = (name: string): PyCallable => functions.get(name);
  const run = take('run');
  const inspect = take('inspect');
  const preview = take('preview');
  const exportTable = take('export_table');
  const resetNamespace = take('reset_namespace');
  const setAsideNamespace = take('set_aside_namespace');
  const restoreNamespace = take('restore_namespace');
  const dropAsideNamespace = take('drop_aside_namespace');
  module.hide(BOOT_FOLDER);
  functions.destroy();
  module.destroy();
  return {
    run: async (...args) => {
      const returned: PyProxy = canSwitchStacks ? await run.callPromising(...args) : run(...args);
      // Code with top-level await hands back an awaitable of the outcome, which the event loop runs.
      return toPlain<PythonRunOutcome>(await returned);
    },
    reset_namespace: (env) => void resetNamespace(env),
    set_aside_namespace: (env) => void setAsideNamespace(env),
    restore_namespace: (env) => restoreNamespace(env) === true,
    drop_aside_namespace: (env) => void dropAsideNamespace(env),
    inspect: (folder, paths) =>
      withPythonMessage(() => toPlain<DatabaseReport[]>(inspect(folder, paths))),
    preview: (folder, path, rowLimit) =>
      withPythonMessage(() => toPlain<FilePreview>(preview(folder, path, rowLimit))),
    export_table: (folder, path, table, offset, limit) =>
      withPythonMessage(() =>
        // undefined crosses as None (null would be jsnull).
        toPlain<TableExport>(exportTable(folder, path, table, offset, limit)),
      ),
  };
}
