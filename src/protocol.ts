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
 * `cancelled` while queued, or the runtime `crashed` under it.
 */
export type RunErrorKind = 'python' | 'stopped' | 'cancelled' | 'crashed';

export interface RunError {
  kind: RunErrorKind;
  /** The Python exception's name (kind `python`, or `KeyboardInterrupt` for an interrupt); else empty. */
  type: string;
  message: string;
  /** The traceback of the user's frames; empty when no Python frame was involved. */
  traceback: string;
}

/** What `run()` resolves with. A Python exception is a result, not a rejection. */
export interface RunResult {
  ok: boolean;
  stdout: string;
  stderr: string;
  /** The repr of the last expression, when it is not None. */
  result?: string;
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
  name: string;
  env: string;
  code: string;
  fileCount: number;
}

export interface InitOptions {
  /** Folder of the Pyodide assets; the worker imports `pyodide.mjs` from it. */
  indexURL: string;
  /** Present only where the page is cross-origin isolated. */
  interruptBuffer?: SharedArrayBuffer;
  /** Files to put back into each env's folder before anything runs (after a restart). */
  restore: { env: string; files: EnvFile[] }[];
  /**
   * A Web Lock the worker holds for as long as it lives. The browser frees it
   * when the worker ends for any reason, `terminate()` from outside included,
   * which fires no event at all.
   */
  lifeLock?: string;
}

/** Requests: `method` names the operation, `params` its argument, the response's value its result. */
export interface WorkerMethods {
  init: { params: InitOptions; result: { version: string } };
  run: {
    params: { env: string; code: string; filename: string; limits: OutputLimits };
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
  writeFile: {
    params: { env: string; path: string; data: Uint8Array; overwrite: boolean };
    result: null;
  };
  /**
   * Writes many files in one request (Add file of 1,000 files): every path
   * is checked, and with `overwrite` false none may exist, before anything
   * is written.
   */
  writeFiles: {
    params: { env: string; files: { path: string; data: Uint8Array }[]; overwrite: boolean };
    result: null;
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

export type WorkerMessage =
  | { kind: 'response'; id: number; ok: true; value: unknown; changes: EnvChange[] }
  | { kind: 'response'; id: number; ok: false; error: ErrorData; changes: EnvChange[] }
  | { kind: 'output'; id: number; stream: 'stdout' | 'stderr'; text: string }
  /** The run's Python code is about to start: from now on an interrupt lands in it. */
  | { kind: 'started'; id: number }
  | { kind: 'progress'; stage: LoadingStage; detail: string }
  /** Pyodide hit a fatal error; the worker cannot run anything any more. */
  | { kind: 'fatal'; error: ErrorData };

/** The messages that answer or accompany one request. */
export type RequestMessage = Extract<WorkerMessage, { id: number }>;

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
