/**
 * The messages between the runtime client (page) and the worker (Pyodide).
 * Both sides import this module and nothing else of each other. Every request,
 * `init` included, carries an id; the worker answers each with exactly one
 * `response`, and errors cross as data, never as thrown structured clones.
 * A response also carries what the request changed in any env's folder, so
 * the client never has to know which methods write files.
 */

/** One file of an env's folder, its path relative to that folder (POSIX). */
export interface EnvFile {
  path: string;
  data: Uint8Array;
  /** Modification time, milliseconds since the epoch. */
  modified: number;
}

/** What a request left in an env's folder, as a delta against what was last sent for it. */
export interface EnvSnapshotDelta {
  /** Every file path now in the folder. */
  paths: string[];
  /** The files whose bytes changed since the last delta sent for this env. */
  changed: EnvFile[];
}

/** One env's folder changed by a request. */
export interface EnvChange {
  env: string;
  delta: EnvSnapshotDelta;
}

export interface OutputLimits {
  maxLines: number;
  maxBytes: number;
}

/**
 * Why a run did not finish: `python` raised, the reader `stopped` it (an
 * interrupt, then `type` is `KeyboardInterrupt`, or a restart), it was
 * `cancelled` while queued, the runtime `crashed` under it, or a `package`
 * it needs could not be loaded (then `type` is `PackageError`).
 */
export type RunErrorKind = 'python' | 'stopped' | 'cancelled' | 'crashed' | 'package';

export interface RunError {
  kind: RunErrorKind;
  /** The Python exception's name (kind `python`, or `KeyboardInterrupt` for an interrupt); else empty. */
  type: string;
  message: string;
  /** The traceback of the user's frames; empty when no Python frame was involved. */
  traceback: string;
}

/** One piece of rich output: the richest form Python gave, `data` as text (base64 for images). */
export interface RunDisplayItem {
  mime: string;
  data: string;
}

/** What `run()` resolves with. A Python exception is a result, not a rejection. */
export interface RunResult {
  ok: boolean;
  stdout: string;
  stderr: string;
  /** The repr of the last expression, when it is not None and has no rich repr (then it is in `display`). */
  result?: string;
  /** Rich output (`display()` and a rich last value), in the order it was emitted; absent when none. */
  display?: RunDisplayItem[];
  error?: RunError;
  durationMs: number;
  /** True when output passed the run's limits and the rest was dropped. */
  truncated?: boolean;
}

export interface TableReport {
  name: string;
  /** Every column, generated ones included. */
  columns: string[];
  /** Null when the rows were not counted: a view, a virtual table, or a count out of time. */
  rowCount: number | null;
  /** Absent for an ordinary table. Views and virtual tables are listed, never scanned. */
  kind?: 'view' | 'virtual';
  /** What the panel could not do in its time budget, e.g. "rows: not counted (too slow to count)". */
  note?: string;
  /** Why the table could not be read (e.g. a virtual table of a module this build lacks). */
  error?: string;
}

export interface FileReport {
  path: string;
  size: number;
  /** ISO 8601 time of the last change. */
  modified: string;
  /** Why the file could not be read (its row says so; the other rows are unaffected). */
  error?: string;
}

export interface DatabaseReport {
  path: string;
  tables: TableReport[];
  /** Why the database could not be opened; `tables` is then empty. */
  error?: string;
}

/** What the State panel shows for one cell. */
export interface StateReport {
  env: string;
  files: FileReport[];
  databases: DatabaseReport[];
}

/** A file's preview, read without running user code. */
export type FilePreview =
  | { kind: 'sqlite'; path: string; tables: (TableReport & { rows: unknown[][] })[] }
  | { kind: 'json'; path: string; text: string; truncated: boolean }
  | { kind: 'text'; path: string; text: string; truncated: boolean }
  | { kind: 'binary'; path: string; size: number };

/** What the worker needs to know to encode a cell's state file. */
export interface StateFileMeta {
  name: string;
  env: string;
  code: string;
  /** The limit Load applies (`maxStateBytes`): Save refuses, with `too-large`, a file Load would refuse. */
  maxTotalBytes?: number;
}

/** What a loaded state file gives back to the cell. */
export interface LoadedState {
  /** What was loaded: a state file, or the classic Pyodide demo's download (files only). */
  origin: 'state-file' | 'classic-demo';
  /** The name and env the file was saved under; empty for a classic demo file. */
  name: string;
  env: string;
  /** The file's code; undefined for a classic demo file, so the cell keeps its own. */
  code: string | undefined;
  fileCount: number;
}

/** Where the runtime's memory snapshot is kept, and what it was made with. */
export interface SnapshotOptions {
  /** The IndexedDB database that holds it. */
  database: string;
  /** Packages loaded before the snapshot was taken; part of its key. */
  packages: string[];
}

/**
 * Whether a boot used the stored snapshot (`used`), or why not: snapshots are
 * `off`, none is stored (`missing`), it was made from another build or
 * Pyodide (`stale`), is not whole (`truncated`) or not the bytes written
 * (`corrupt`), or booting from it threw (`failed`).
 */
export type SnapshotUse = 'used' | 'off' | 'missing' | 'stale' | 'truncated' | 'corrupt' | 'failed';

export interface InitOptions {
  /** Folder of the Pyodide assets; the worker imports `pyodide.mjs` from it. */
  indexURL: string;
  /** Present only where the page is cross-origin isolated. */
  interruptBuffer?: SharedArrayBuffer;
  /**
   * A Web Lock the worker holds for as long as it lives. The browser frees it
   * when the worker ends for any reason, `terminate()` from outside included,
   * which fires no event at all.
   */
  lifeLock?: string;
  /** Boot from the stored memory snapshot when it is usable; absent: never read one. */
  snapshot?: SnapshotOptions;
  /** Where packages named in the lock file are downloaded from; by default the Pyodide CDN of the loaded version. */
  packageBaseURL?: string;
  /** The lock file that names the packages; by default `pyodide-lock.json` next to `pyodide.mjs`. */
  lockFileURL?: string;
  /**
   * The build's bytecode of the worker's Python, next to the bundle. Fetched
   * while Pyodide boots and used if it has arrived; without it (or when it
   * cannot be fetched) the worker compiles its Python as it starts.
   */
  bytecodeURL?: string;
  /** Packages the previous runtime had loaded: loaded again before anything runs. */
  packages?: string[];
  /** Present only where the page is cross-origin isolated: the page writes `input()`'s answers here. */
  stdinBuffer?: SharedArrayBuffer;
}

/** A package download's progress, in bytes where the server says how many. */
export interface PackageProgress {
  name: string;
  loaded: number;
  total?: number;
}

/** Requests: `method` names the operation, `params` its argument, the response's value its result. */
export interface WorkerMethods {
  init: { params: InitOptions; result: { version: string; snapshot: SnapshotUse } };
  /**
   * Puts files the client keeps already (its store, IndexedDB) into env folders,
   * replacing what each folder held, and forgets the env's variables. Sent
   * right behind `init`, so that reading them never delays Pyodide's download;
   * the response carries no change for these files.
   */
  restoreFiles: { params: { envs: { env: string; files: EnvFile[] }[] }; result: null };
  /**
   * Sent instead of `init` to a worker of its own: boots a clean interpreter,
   * snapshots it and stores the snapshot. That worker is ended afterwards.
   */
  makeSnapshot: {
    params: { indexURL: string; snapshot: SnapshotOptions };
    result: { size: number };
  };
  run: {
    params: {
      env: string;
      code: string;
      filename: string;
      limits: OutputLimits;
      /** Package names, PyPI names or absolute wheel URLs to load first; those loaded already are skipped. */
      packages: string[];
    };
    result: RunResult;
  };
  /** Empties the env's folder and namespace, keeping both aside until `undoClear` or `dropCleared`. */
  clearEnv: { params: { env: string }; result: null };
  /** Puts back what the last `clearEnv` set aside; false when there is nothing to put back. */
  undoClear: { params: { env: string }; result: boolean };
  dropCleared: { params: { env: string }; result: null };
  inspect: { params: { env: string }; result: StateReport };
  preview: { params: { env: string; path: string; rowLimit: number }; result: FilePreview };
  readFile: { params: { env: string; path: string }; result: EnvFile };
  /**
   * Writes many files in one request, so Add file of a thousand files walks
   * the folder once, not a thousand times. Files that exist are left alone
   * unless `overwrite` is on; their paths come back in `existing`.
   */
  writeFiles: {
    params: { env: string; files: { path: string; data: Uint8Array }[]; overwrite: boolean };
    result: { existing: string[] };
  };
  deleteFile: { params: { env: string; path: string }; result: null };
  /**
   * A table's rows for export. Without `limit`, the whole table, refused
   * when it takes more than 10 s; with `limit`, a chunk from `offset` of at
   * most `limit` rows and about a second of reading: `done` says whether the
   * table ended, and other cells' runs can go between two chunks.
   */
  exportTable: {
    params: { env: string; path: string; table: string; offset?: number; limit?: number };
    result: { columns: string[]; rows: unknown[][]; done: boolean };
  };
  exportState: { params: StateFileMeta; result: Blob };
  importState: {
    params: { env: string; file: Blob; maxTotalBytes: number };
    result: LoadedState;
  };
}

export type WorkerMethod = keyof WorkerMethods;

export type WorkerRequest = {
  [M in WorkerMethod]: {
    kind: 'request';
    id: number;
    method: M;
    params: WorkerMethods[M]['params'];
  };
}[WorkerMethod];

/** An error as it crosses the boundary: a name a program can read, a message a person can. */
export interface ErrorData {
  name: string;
  message: string;
  /** A machine-readable reason, for named errors such as `StateFileError`. */
  reason?: string;
  /** The file at fault, where there is one. */
  path?: string;
}

export type LoadingStage = 'fetching' | 'starting' | 'ready';

/** Text a run wrote to one stream. */
export interface OutputChunk {
  stream: 'stdout' | 'stderr';
  text: string;
}

export type WorkerMessage =
  /**
   * A request's one answer, with the files it changed and the output a run
   * wrote after its last `output` message (shown before the result).
   */
  | {
      kind: 'response';
      id: number;
      ok: true;
      value: unknown;
      changes: EnvChange[];
      output?: OutputChunk[];
    }
  | {
      kind: 'response';
      id: number;
      ok: false;
      error: ErrorData;
      changes: EnvChange[];
      output?: OutputChunk[];
    }
  | ({ kind: 'output'; id: number } & OutputChunk)
  /** A display item, in order with the output before and after it. */
  | { kind: 'display'; id: number; item: RunDisplayItem }
  /** The run's code starts after the packages it needed loaded (its cell said "loading"). */
  | { kind: 'started'; id: number }
  /** A package the request needs (for `init`: one a restart loads again) is downloading. */
  | { kind: 'package-progress'; id: number; progress: PackageProgress }
  /** The request loaded these packages (specs as asked, or names found in imports): a restart loads them again. */
  | { kind: 'packages-loaded'; id: number; packages: string[] }
  /** The run's Python waits for a line (input(), sys.stdin); the prompt was written to stdout already. */
  | { kind: 'input-request'; id: number; prompt: string }
  | { kind: 'progress'; stage: LoadingStage; detail: string }
  /** Pyodide hit a fatal error; the worker cannot run anything any more. */
  | { kind: 'fatal'; error: ErrorData };

/** The messages that answer or accompany one request. */
export type RequestMessage = Extract<WorkerMessage, { id: number }>;

/**
 * The page's answer to an `input-request` where the page is not cross-origin
 * isolated (there it goes through `stdinBuffer`). The worker handles it at
 * once, outside the one-at-a-time request chain that the waiting run holds.
 * `line` is null when the reader closed the input (EOF).
 */
export interface InputReply {
  kind: 'input-reply';
  id: number;
  line: string | null;
}

/** Everything the page sends to the worker. */
export type PageMessage = WorkerRequest | InputReply;

/** The buffers a message can move instead of copying. */
export function transferablesOf(files: readonly EnvFile[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const file of files) {
    if (file.data.buffer instanceof ArrayBuffer && file.data.byteLength > 0) {
      buffers.add(file.data.buffer);
    }
  }
  return [...buffers];
}

/**
 * `Symbol.for()` of this names where the worker shim leaves the Pyodide loader
 * it preloads, on the worker's global scope: `{ url, loader }`, the URL and
 * the promise of its `import()`. The worker takes that promise when it wants
 * the same URL: a second `import()` of the loaded module still costs it ~10 ms.
 */
export const PRELOADED_LOADER = 'py-state-runner.preloaded-loader';

/** What the shim leaves under `Symbol.for(PRELOADED_LOADER)`. */
export interface PreloadedLoader {
  url: string;
  loader: Promise<unknown>;
}

/**
 * `Symbol.for()` of this names where the worker shim that preloads the loader
 * also leaves the promise of `indexedDB.databases()`, asked for as the worker
 * starts: the snapshot lookup takes it once instead of asking again ~20 ms
 * later, which left Pyodide's start waiting 4–15 ms for the answer.
 */
export const LISTED_DATABASES = 'py-state-runner.listed-databases';

/**
 * The layout of `InitOptions.stdinBuffer`: an Int32 state (`STDIN_EMPTY`,
 * `STDIN_LINE`, `STDIN_EOF`) the worker waits on, an Int32 byte length, then
 * the line's UTF-8 bytes.
 */
export const STDIN_EMPTY = 0;
export const STDIN_LINE = 1;
export const STDIN_EOF = 2;
export const STDIN_HEADER_BYTES = 8;
/** Room for the longest line the input field accepts (`STDIN_MAX_CHARS`, 3 UTF-8 bytes per UTF-16 unit at most). */
export const STDIN_MAX_CHARS = 65536;
export const STDIN_BUFFER_BYTES = STDIN_HEADER_BYTES + 3 * STDIN_MAX_CHARS;
