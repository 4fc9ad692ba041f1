/// <reference lib="webworker" />
import type {
  EnvChange,
  ErrorData,
  OutputChunk,
  PageMessage,
  RunDisplayItem,
  RunResult,
  WorkerMessage,
  WorkerMethods,
  WorkerRequest,
} from '../protocol.js';
import { transferablesOf } from '../protocol.js';
import { checkStatePath, decodeStateFile, encodeStateFile } from '../state/state-file.js';
import { installDownloadProgress } from './download-progress.js';
import {
  asError,
  type FileSystem,
  listFiles,
  readFiles,
  removeTree,
  replaceFolder,
  restoreFolder,
  SnapshotTracker,
  setFolderAside,
  writeInto,
} from './env-files.js';
import { envFolder, HOME } from './env-folder.js';
import { PackageError } from './package-error.js';
import { type BootedPyodide, bootPyodide, makeSnapshot } from './pyodide-host.js';
import type { PythonRunOutcome } from './python-api.js';
import { fetchBytecode } from './python-bytecode.js';
import { WorkerStdin } from './stdin.js';

declare const self: DedicatedWorkerGlobalScope;

installDownloadProgress(self);

let booted: BootedPyodide | undefined;
/** Output of the request in hand that no message carried yet: its response does. */
const trailingOutput: OutputChunk[] = [];
let stdin: WorkerStdin | undefined;
const tracker = new SnapshotTracker();
/** Envs whose folder the current request may have changed: its response carries their deltas. */
const touched = new Set<string>();

/** Says that the request changes this env's folder; `fresh` sends every file, not a delta. */
function touch(env: string, fresh = false): void {
  if (fresh) tracker.forget(env);
  touched.add(env);
}

function takeChanges(): EnvChange[] {
  const envs = [...touched];
  touched.clear();
  if (!booted) return [];
  const { fs } = booted;
  return envs.map((env) => ({ env, delta: tracker.delta(fs, env, envFolder(env)) }));
}

function post(message: WorkerMessage, transfer: Transferable[] = []): void {
  self.postMessage(message, transfer);
}

function runtime(): BootedPyodide {
  if (!booted) throw new Error('The Python runtime is not started.');
  return booted;
}

/** Always a string message: an error that is not an Error (Emscripten's ErrnoError) must never read "[object Object]". */
function toErrorData(error: unknown): ErrorData {
  if (!(error instanceof Error)) error = asError(error, 'The worker failed');
  if (error instanceof Error) {
    const { reason, path } = error as { reason?: unknown; path?: unknown };
    return {
      name: error.name,
      message: error.message,
      ...(typeof reason === 'string' ? { reason } : {}),
      ...(typeof path === 'string' ? { path } : {}),
    };
  }
  return { name: 'Error', message: String(error) };
}

function isFatal(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { pyodide_fatal_error?: boolean }).pyodide_fatal_error === true
  );
}

/** Where a cleared folder waits for Undo: a dot-folder, so no env name can reach it. */
function clearedFolder(folder: string): string {
  return `${HOME}/.cleared-${folder.slice(folder.lastIndexOf('/') + 1)}`;
}

/** Emscripten's own errors say only "FS error"; a reader needs the file and what is wrong. */
function checkedFile(fs: FileSystem, full: string, path: string): void {
  if (!fs.analyzePath(full).exists) throw new Error(`${path} is not in the folder any more.`);
  if (!fs.isFile(fs.stat(full).mode)) throw new Error(`${path} is a folder, not a file.`);
}

function checkedPath(path: string): string {
  const problem = checkStatePath(path);
  if (problem) throw new Error(`${path}: ${problem}`);
  return path;
}

function isKeyboardInterrupt(error: unknown): boolean {
  return (
    error instanceof Error &&
    error.name === 'PythonError' &&
    (error as { type?: string }).type === 'KeyboardInterrupt'
  );
}

/**
 * Loads what a run asked for and what its code imports; a package that
 * cannot load is the run's result (kind `package`), not a failed request.
 * `hasReported`: progress was posted, so the cell says "loading" until the
 * run posts `started`.
 */
async function loadPackagesFor(
  specs: string[],
  code: string,
  id: number,
): Promise<{ failure?: Omit<RunResult, 'durationMs'>; hasReported: boolean }> {
  const { packages, pyodide, interrupt } = runtime();
  let hasReported = false;
  const report = (progress: { name: string; loaded: number; total?: number }) => {
    hasReported = true;
    post({ kind: 'package-progress', id, progress });
  };
  const loaded: string[] = [];
  // Stop may come at any moment: not in the middle of installing a package
  // (Python code of Pyodide's), so its SIGINT waits in the buffer and lands
  // as the run's code starts.
  if (interrupt) pyodide.setInterruptBuffer(undefined as unknown as Int32Array);
  try {
    loaded.push(...(await packages.load(specs, report)));
    loaded.push(...(await packages.loadImports(code, report)));
  } catch (error) {
    if (!(error instanceof PackageError)) throw error;
    const failure = {
      ok: false,
      stdout: '',
      stderr: '',
      error: {
        kind: 'package' as const,
        type: 'PackageError',
        message: error.message,
        traceback: '',
      },
    };
    return { failure, hasReported };
  } finally {
    if (interrupt) pyodide.setInterruptBuffer(interrupt);
    if (loaded.length > 0) post({ kind: 'packages-loaded', id, packages: loaded });
  }
  return { hasReported };
}

/**
 * After a restart, loads what the previous runtime had. A package that fails
 * now is left out and said in the console: the next run that needs it loads
 * it again and shows the error in its cell.
 */
async function reloadPackages(specs: string[], id: number): Promise<void> {
  const { packages } = runtime();
  for (const spec of specs) {
    try {
      await packages.load([spec], (progress) => post({ kind: 'package-progress', id, progress }));
    } catch (error) {
      console.warn(`py-state-runner: ${spec} did not load again after a restart:`, error);
    }
  }
}

type Handlers = {
  [M in keyof WorkerMethods]: (
    params: WorkerMethods[M]['params'],
    id: number,
  ) => Promise<WorkerMethods[M]['result']> | WorkerMethods[M]['result'];
};

const handlers: Handlers = {
  async init(options, id) {
    // Asked for now, held before init answers: the client watches the lock from then on.
    const lockHeld = options.lifeLock ? holdLifeLock(options.lifeLock) : undefined;
    stdin = new WorkerStdin(post, options.stdinBuffer);
    const bytecode = options.bytecodeURL ? fetchBytecode(options.bytecodeURL) : undefined;
    try {
      booted = await bootPyodide({
        indexURL: options.indexURL,
        ...(options.interruptBuffer ? { interruptBuffer: options.interruptBuffer } : {}),
        report: (stage, detail) => post({ kind: 'progress', stage, detail }),
        ...(options.snapshot ? { snapshot: options.snapshot } : {}),
        ...(options.packageBaseURL ? { packageBaseURL: options.packageBaseURL } : {}),
        ...(options.lockFileURL ? { lockFileURL: options.lockFileURL } : {}),
        stdin: stdin.hooks(),
        ...(bytecode ? { bytecode: bytecode.arrived } : {}),
      });
    } catch (error) {
      // The browser's own words ("Failed to fetch dynamically imported module")
      // may not say where from.
      throw new Error(
        `Could not load Pyodide from ${options.indexURL}: ${(error as Error).message}`,
      );
    }
    if (options.packages?.length) await reloadPackages(options.packages, id);
    await lockHeld;
    return { version: booted.pyodide.version, snapshot: booted.snapshot };
  },

  restoreFiles({ envs }) {
    const { fs, host } = runtime();
    for (const { env, files } of envs) {
      replaceFolder(fs, envFolder(env), files);
      host.reset_namespace(env);
      // The client keeps these files already: the next delta sends only what a request changes.
      tracker.forget(env);
      tracker.delta(fs, env, envFolder(env));
    }
    return null;
  },

  makeSnapshot({ indexURL, snapshot }) {
    return makeSnapshot(indexURL, snapshot);
  },

  async run({ env, code, filename, limits, packages }, id) {
    const { host } = runtime();
    const started = performance.now();
    const { failure, hasReported } = await loadPackagesFor(packages, code, id);
    if (failure) return { ...failure, durationMs: performance.now() - started };
    // The cell said "loading": the code starts now.
    if (hasReported) post({ kind: 'started', id });
    touch(env);
    const folder = envFolder(env);
    if (stdin) stdin.runId = id;
    let stdout = '';
    let stderr = '';
    const display: RunDisplayItem[] = [];
    let outcome: PythonRunOutcome;
    try {
      outcome = await host.run(
        env,
        folder,
        code,
        filename,
        (stream, text, mime) => {
          if (stream === 'display') {
            const item = { mime: mime ?? 'text/plain', data: text };
            display.push(item);
            post({ kind: 'display', id, item });
            return;
          }
          if (stream === 'stderr') stderr += text;
          else stdout += text;
          post({ kind: 'output', id, stream: stream === 'stderr' ? 'stderr' : 'stdout', text });
        },
        limits.maxLines,
        limits.maxBytes,
      );
    } catch (error) {
      // A stop that lands before the host's own guard (a SIGINT that waited
      // while packages loaded) is still the user's stop, not a broken runtime.
      if (!isKeyboardInterrupt(error)) throw error;
      const traceback = 'KeyboardInterrupt\n';
      outcome = {
        truncated: false,
        error: { type: 'KeyboardInterrupt', message: '', traceback },
        tail: [],
      };
    }
    for (const [stream, text] of outcome.tail) {
      if (stream === 'stderr') stderr += text;
      else stdout += text;
      trailingOutput.push({ stream, text });
    }
    // Whether a KeyboardInterrupt was the reader's Stop only the client knows.
    return {
      ok: outcome.error === undefined,
      stdout,
      stderr,
      ...(outcome.result !== undefined ? { result: outcome.result } : {}),
      ...(display.length > 0 ? { display } : {}),
      ...(outcome.error !== undefined ? { error: { kind: 'python', ...outcome.error } } : {}),
      durationMs: performance.now() - started,
      ...(outcome.truncated ? { truncated: true } : {}),
    };
  },

  clearEnv({ env }) {
    const { host, fs } = runtime();
    const folder = envFolder(env);
    setFolderAside(fs, folder, clearedFolder(folder));
    host.set_aside_namespace(env);
    touch(env, true);
    return null;
  },

  undoClear({ env }) {
    const { host, fs } = runtime();
    const folder = envFolder(env);
    if (!host.restore_namespace(env)) return false;
    try {
      restoreFolder(fs, folder, clearedFolder(folder));
    } catch (error) {
      // The variables go back aside with the files, ready for another Undo.
      host.set_aside_namespace(env);
      throw error;
    }
    touch(env, true);
    return true;
  },

  dropCleared({ env }) {
    const { host, fs } = runtime();
    removeTree(fs, clearedFolder(envFolder(env)));
    host.drop_aside_namespace(env);
    return null;
  },

  inspect({ env }) {
    const { host, fs } = runtime();
    const folder = envFolder(env);
    const files = listFiles(fs, folder);
    const paths = files.map((file) => file.path);
    const databases = host.inspect(folder, paths);
    return {
      env,
      files: files.map((file) => ({
        path: file.path,
        size: file.size,
        modified: new Date(file.modified).toISOString(),
      })),
      databases,
    };
  },

  preview({ env, path, rowLimit }) {
    const { host, fs } = runtime();
    const folder = envFolder(env);
    checkedFile(fs, `${folder}/${checkedPath(path)}`, path);
    return host.preview(folder, path, rowLimit);
  },

  readFile({ env, path }) {
    const { fs } = runtime();
    const full = `${envFolder(env)}/${checkedPath(path)}`;
    checkedFile(fs, full, path);
    const stat = fs.stat(full);
    return {
      path,
      data: fs.readFile(full),
      modified: stat.mtime instanceof Date ? stat.mtime.getTime() : stat.mtime,
    };
  },

  writeFiles({ env, files, overwrite }) {
    const { fs } = runtime();
    const folder = envFolder(env);
    // Every path is checked before the first write: a bad one changes nothing.
    for (const { path } of files) checkedPath(path);
    touch(env);
    fs.mkdirTree(folder);
    const existing: string[] = [];
    const now = Date.now();
    const written = files.filter(({ path }) => {
      if (overwrite || !fs.analyzePath(`${folder}/${path}`).exists) return true;
      existing.push(path);
      return false;
    });
    writeInto(
      fs,
      folder,
      written.map(({ path, data }) => ({ path, data, modified: now })),
    );
    return { existing };
  },

  deleteFile({ env, path }) {
    const { fs } = runtime();
    const full = `${envFolder(env)}/${checkedPath(path)}`;
    touch(env);
    removeTree(fs, full);
    return null;
  },

  exportTable({ env, path, table, offset = 0, limit }) {
    const { host, fs } = runtime();
    const folder = envFolder(env);
    checkedFile(fs, `${folder}/${checkedPath(path)}`, path);
    return host.export_table(folder, path, table, offset, limit);
  },

  async exportState({ name, env, code, maxTotalBytes }) {
    const files = readFiles(runtime().fs, envFolder(env));
    const doc = { name, env, code, savedAt: new Date().toISOString(), files };
    return encodeStateFile(doc, maxTotalBytes === undefined ? {} : { maxTotalBytes });
  },

  async importState({ env, file, maxTotalBytes }) {
    // The classic demo's download is validated as strictly, then swapped in the same way.
    const decoded = await decodeStateFile(file, { maxTotalBytes, acceptClassicDemo: true });
    const { fs, host } = runtime();
    const now = Date.now();
    replaceFolder(
      fs,
      envFolder(env),
      decoded.files.map((entry) => ({ path: entry.path, data: entry.data, modified: now })),
    );
    // Objects left in the namespace may point at files that are gone now.
    host.reset_namespace(env);
    touch(env, true);
    if ('origin' in decoded) {
      return {
        origin: 'classic-demo',
        name: '',
        env,
        code: undefined,
        fileCount: decoded.files.length,
      };
    }
    return {
      origin: 'state-file',
      name: decoded.name,
      env: decoded.env,
      code: decoded.code,
      fileCount: decoded.files.length,
    };
  },
};

/**
 * Takes the Web Lock named by the client and keeps it until this worker ends;
 * resolves once it is held, so the client can wait on it from then on.
 */
function holdLifeLock(name: string): Promise<void> {
  if (!self.navigator.locks) return Promise.resolve();
  return new Promise((held) => {
    void self.navigator.locks.request(name, () => {
      held();
      return new Promise<never>(() => {});
    });
  });
}

function transferablesFor(
  method: WorkerRequest['method'],
  value: unknown,
  changes: EnvChange[],
): Transferable[] {
  const files = changes.flatMap((change) => change.delta.changed);
  if (method === 'readFile') files.push(value as WorkerMethods['readFile']['result']);
  return transferablesOf(files);
}

// A fatal Pyodide error inside an async call (os._exit, an abort when wasm
// memory runs out) surfaces only as an unhandled rejection, and the request
// that caused it never settles: tell the client so that it replaces us.
self.addEventListener('unhandledrejection', (event) => {
  if (isFatal(event.reason)) {
    event.preventDefault();
    post({ kind: 'fatal', error: toErrorData(event.reason) });
  }
});

// Requests are handled one at a time: there is one interpreter, and a state
// export must never read a database while a run is writing it.
let chain: Promise<void> = Promise.resolve();

self.addEventListener('message', (event: MessageEvent<PageMessage>) => {
  const request = event.data;
  // The run that waits for this answer holds the chain: it cannot wait its turn.
  if (request.kind === 'input-reply') {
    stdin?.receive(request);
    return;
  }
  chain = chain.then(async () => {
    let value: unknown;
    let failure: unknown;
    let isFailed = false;
    try {
      const handler = handlers[request.method] as (params: unknown, id: number) => unknown;
      value = await handler(request.params, request.id);
    } catch (error) {
      isFailed = true;
      failure = error;
    }
    // A failed request may have changed files before it failed: say so too.
    let changes: EnvChange[] = [];
    try {
      changes = takeChanges();
    } catch (error) {
      if (!isFailed) {
        isFailed = true;
        failure = error;
      }
    }
    const output = trailingOutput.splice(0);
    const trailing = output.length > 0 ? { output } : {};
    if (isFatal(failure)) {
      // Python is gone (os._exit, out of memory): the request ends as the crash it is, not as its error.
      post({ kind: 'fatal', error: toErrorData(failure) });
    } else if (isFailed) {
      post({
        kind: 'response',
        id: request.id,
        ok: false,
        error: toErrorData(failure),
        changes,
        ...trailing,
      });
    } else {
      post(
        {
          kind: 'response',
          id: request.id,
          ok: true,
          value,
          changes,
          ...trailing,
        },
        transferablesFor(request.method, value, changes),
      );
    }
  });
});
