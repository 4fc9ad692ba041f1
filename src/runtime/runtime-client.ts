import type {
  EnvFile,
  EnvSnapshotDelta,
  LoadingStage,
  OutputLimits,
  RunResult,
  WorkerMessage,
  WorkerMethod,
  WorkerMethods,
} from '../protocol.js';
import { errorFromData, PythonRuntimeError } from './errors.js';
import { createRuntimeWorker } from './worker-url.js';

/** What a job reports to the cell that asked for it. */
export type JobStatus = 'loading' | 'queued' | 'running';

export interface JobCallbacks {
  /** Who asked: stop(owner) cancels or interrupts this owner's jobs only. */
  owner?: object;
  onStatus?(status: JobStatus): void;
  onOutput?(stream: 'stdout' | 'stderr', text: string): void;
}

export interface RuntimeOptions {
  /** Folder of the Pyodide assets. */
  indexURL?: string;
  /** Per-run output cap; past it the run's output is dropped and marked truncated. */
  outputLimits?: Partial<OutputLimits>;
  /** The largest state file `loadState` accepts, as the sum of its files' sizes. Default 200 MB. */
  maxStateBytes?: number;
  /** The largest single file Add file and drag-and-drop accept. Default 100 MB. */
  maxFileBytes?: number;
}

/** Events of the shared runtime, for cells that show its state. */
export interface RuntimeEventMap {
  progress: CustomEvent<{ stage: LoadingStage; detail: string }>;
  /** The worker was replaced; variables are gone and files were put back. */
  restarted: CustomEvent<{ reason: 'stopped' | 'crashed' }>;
}

interface Job {
  method: WorkerMethod;
  params: unknown;
  env?: string;
  callbacks: JobCallbacks;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export const DEFAULT_OUTPUT_LIMITS: OutputLimits = { maxLines: 5000, maxBytes: 1024 * 1024 };

/** How long an interrupted run may take to raise KeyboardInterrupt before the worker is replaced. */
const INTERRUPT_GRACE_MS = 3000;

/**
 * The page's one Python runtime: starts the worker on first need, runs one
 * request at a time in order, and replaces the worker when it is stopped or
 * dies, putting every env's files back from the copies taken after each run.
 */
export class RuntimeClient extends EventTarget {
  static #shared: RuntimeClient | undefined;

  #options: RuntimeOptions = {};
  #worker: Worker | undefined;
  #starting: Promise<void> | undefined;
  #interrupt: Int32Array | undefined;
  #queue: Job[] = [];
  #current: { id: number; job: Job; started: boolean; interruptWhenStarted: boolean } | undefined;
  #nextId = 1;
  #pending = new Map<number, (message: WorkerMessage) => void>();
  #snapshots = new Map<string, Map<string, EnvFile>>();
  #fallbackIndexURL: string | undefined;
  #initWaiter: { id: number; resolve(): void; reject(error: Error): void } | undefined;

  /** The runtime every cell on the page shares. */
  static shared(): RuntimeClient {
    RuntimeClient.#shared ??= new RuntimeClient();
    return RuntimeClient.#shared;
  }

  /** Drops the shared runtime (tests only): its worker is ended. */
  static resetShared(): void {
    const shared = RuntimeClient.#shared;
    if (shared) shared.#terminate(new PythonRuntimeError('stopped', 'The runtime was reset.'));
    RuntimeClient.#shared = undefined;
  }

  /** Whether a worker exists (Pyodide is loading or loaded). */
  get isStarted(): boolean {
    return this.#worker !== undefined;
  }

  /** Whether stop() can interrupt Python without replacing the worker. */
  get canInterrupt(): boolean {
    return typeof SharedArrayBuffer !== 'undefined' && globalThis.crossOriginIsolated === true;
  }

  get outputLimits(): OutputLimits {
    return { ...DEFAULT_OUTPUT_LIMITS, ...this.#options.outputLimits };
  }

  get maxStateBytes(): number {
    return this.#options.maxStateBytes ?? 200 * 1024 * 1024;
  }

  get maxFileBytes(): number {
    return this.#options.maxFileBytes ?? 100 * 1024 * 1024;
  }

  configure(options: RuntimeOptions): void {
    this.#options = { ...this.#options, ...options };
  }

  /** An index URL to use when configure() gave none (the first cell's `index-url`). */
  offerIndexURL(indexURL: string): void {
    this.#fallbackIndexURL ??= indexURL;
  }

  /** Starts loading Pyodide now, ahead of the first run. */
  preload(): Promise<void> {
    return this.#start();
  }

  /** Files of each env as of its last completed run or file change. */
  snapshotOf(env: string): EnvFile[] {
    return [...(this.#snapshots.get(env)?.values() ?? [])];
  }

  /** Runs code in an env; resolves with the result also when Python raised. */
  run(
    env: string,
    code: string,
    filename: string,
    callbacks: JobCallbacks = {},
  ): Promise<RunResult> {
    const params = { env, code, filename, limits: this.outputLimits };
    const started = performance.now();
    const streamed = { stdout: '', stderr: '' };
    const tracked: JobCallbacks = {
      ...callbacks,
      onOutput(stream, text) {
        streamed[stream] += text;
        callbacks.onOutput?.(stream, text);
      },
    };
    return this.#enqueue('run', params, tracked, env).then(
      ({ result, snapshot }) => {
        this.#applyDelta(env, snapshot);
        return result;
      },
      (error: unknown) => {
        // A runtime that never loaded fails the promise; a run cut short by
        // a stop or a crash is a result the cell can show.
        if (!(error instanceof PythonRuntimeError) || error.reason === 'load') throw error;
        return {
          ok: false,
          ...streamed,
          error: { type: RUN_ERROR_TYPES[error.reason], message: error.message, traceback: '' },
          durationMs: performance.now() - started,
        };
      },
    );
  }

  /**
   * Calls a worker method after everything queued before it. Methods that
   * change an env's files refresh its snapshot straight after.
   */
  call<M extends WorkerMethod>(
    method: M,
    params: WorkerMethods[M]['params'],
    callbacks: JobCallbacks = {},
  ): Promise<WorkerMethods[M]['result']> {
    const env = (params as { env?: string }).env;
    const done = this.#enqueue(method, params, callbacks, env);
    if (env !== undefined && CHANGES_FILES.has(method)) {
      // Queued right behind, so nothing can slip in between. Only changed
      // files come back: adding a CSV beside a 50 MB database copies the CSV.
      const refreshed = this.#enqueue('snapshotDelta', { env }, {}, env);
      return done.then(async (value) => {
        this.#applyDelta(env, await refreshed);
        return value;
      });
    }
    return done;
  }

  /**
   * Stops what an owner asked for: a queued job is cancelled; a running one
   * is interrupted (KeyboardInterrupt) where the page is cross-origin
   * isolated, else the worker is replaced and every env's files put back.
   */
  async stop(owner: object): Promise<void> {
    const cancelled = this.#queue.filter((job) => job.callbacks.owner === owner);
    this.#queue = this.#queue.filter((job) => job.callbacks.owner !== owner);
    for (const job of cancelled) {
      job.reject(new PythonRuntimeError('cancelled', 'Cancelled before it started.'));
    }
    const current = this.#current;
    if (!current || current.job.callbacks.owner !== owner) return;
    if (current.job.method === 'run' && this.#interrupt) {
      // Before the code starts, an interrupt would land in Pyodide's own
      // machinery; the worker says when it is safe.
      if (current.started) this.#sendInterrupt();
      else current.interruptWhenStarted = true;
      const finished = new Promise<boolean>((resolve) => {
        const previous = current.job.resolve;
        current.job.resolve = (value) => {
          previous(value);
          resolve(true);
        };
        setTimeout(() => resolve(false), INTERRUPT_GRACE_MS);
      });
      if (await finished) return;
    }
    if (this.#current === current) await this.#restart('stopped');
  }

  #sendInterrupt(): void {
    if (!this.#interrupt) return;
    // 2 is SIGINT; notify wakes a time.sleep that waits on the buffer.
    Atomics.store(this.#interrupt, 0, 2);
    Atomics.notify(this.#interrupt, 0);
  }

  #applyDelta(env: string, delta: EnvSnapshotDelta): void {
    const files = this.#snapshots.get(env) ?? new Map<string, EnvFile>();
    const present = new Set(delta.paths);
    for (const path of files.keys()) if (!present.has(path)) files.delete(path);
    for (const file of delta.changed) files.set(file.path, file);
    this.#snapshots.set(env, files);
  }

  #enqueue<M extends WorkerMethod>(
    method: M,
    params: WorkerMethods[M]['params'],
    callbacks: JobCallbacks,
    env: string | undefined,
  ): Promise<WorkerMethods[M]['result']> {
    return new Promise((resolve, reject) => {
      this.#queue.push({
        method,
        params,
        env,
        callbacks,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      callbacks.onStatus?.(this.#worker && !this.#starting ? 'queued' : 'loading');
      void this.#pump();
    });
  }

  async #pump(): Promise<void> {
    if (this.#current || this.#queue.length === 0) return;
    try {
      await this.#start();
    } catch {
      return; // #start failed every queued job already.
    }
    if (this.#current) return;
    const job = this.#queue.shift();
    if (!job) return;
    const id = this.#nextId++;
    const current = { id, job, started: false, interruptWhenStarted: false };
    this.#current = current;
    for (const waiting of this.#queue) waiting.callbacks.onStatus?.('queued');
    job.callbacks.onStatus?.('running');
    if (this.#interrupt) Atomics.store(this.#interrupt, 0, 0);
    this.#pending.set(id, (message) => {
      if (message.kind === 'output') {
        job.callbacks.onOutput?.(message.stream, message.text);
      } else if (message.kind === 'started') {
        current.started = true;
        if (current.interruptWhenStarted) this.#sendInterrupt();
      } else if (message.kind === 'response') {
        this.#pending.delete(id);
        this.#current = undefined;
        if (message.ok) job.resolve(message.value);
        else job.reject(errorFromData(message.error));
        void this.#pump();
      }
    });
    this.#worker!.postMessage({ kind: 'request', id, method: job.method, params: job.params });
  }

  #start(): Promise<void> {
    if (this.#worker && !this.#starting) return Promise.resolve();
    this.#starting ??= this.#boot().finally(() => {
      this.#starting = undefined;
    });
    return this.#starting;
  }

  async #boot(): Promise<void> {
    const worker = createRuntimeWorker();
    this.#worker = worker;
    this.#interrupt = this.canInterrupt ? new Int32Array(new SharedArrayBuffer(4)) : undefined;
    worker.addEventListener('message', (event: MessageEvent<WorkerMessage>) =>
      this.#receive(event.data),
    );
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.#crash(`The Python worker failed: ${event.message || 'it could not be loaded'}.`);
    });
    const restore = [...this.#snapshots.keys()].map((env) => ({
      env,
      files: this.snapshotOf(env),
    }));
    const id = this.#nextId++;
    const answered = new Promise<void>((resolve, reject) => {
      this.#initWaiter = { id, resolve, reject };
    });
    worker.postMessage({
      kind: 'request',
      id,
      method: 'init',
      params: {
        indexURL: this.#options.indexURL ?? this.#fallbackIndexURL ?? defaultIndexURL(),
        interruptBuffer: this.#interrupt?.buffer as SharedArrayBuffer | undefined,
        restore,
      },
    });
    try {
      await answered;
    } catch (cause) {
      const error = new PythonRuntimeError(
        'load',
        `The Python runtime could not load: ${(cause as Error).message}`,
      );
      this.#terminate(error);
      throw error;
    }
  }

  #receive(message: WorkerMessage): void {
    if (message.kind === 'progress') {
      this.dispatchEvent(
        new CustomEvent('progress', { detail: { stage: message.stage, detail: message.detail } }),
      );
    } else if (message.kind === 'fatal') {
      this.#crash(`The Python runtime crashed: ${message.error.message}`);
    } else if (message.id === this.#initWaiter?.id && message.kind === 'response') {
      const waiter = this.#initWaiter;
      this.#initWaiter = undefined;
      if (message.ok) waiter.resolve();
      else waiter.reject(errorFromData(message.error));
    } else {
      this.#pending.get(message.id)?.(message);
    }
  }

  #crash(message: string): void {
    if (!this.#worker) return;
    this.#terminate(new PythonRuntimeError('crashed', message));
    this.dispatchEvent(new CustomEvent('restarted', { detail: { reason: 'crashed' } }));
  }

  /** Ends the worker and fails every call in flight and queued with `error`. */
  #terminate(error: PythonRuntimeError): void {
    this.#worker?.terminate();
    this.#worker = undefined;
    this.#interrupt = undefined;
    const jobs = [...(this.#current ? [this.#current.job] : []), ...this.#queue];
    this.#current = undefined;
    this.#queue = [];
    this.#pending.clear();
    for (const job of jobs) job.reject(error);
    const waiter = this.#initWaiter;
    this.#initWaiter = undefined;
    waiter?.reject(error);
  }

  async #restart(reason: 'stopped'): Promise<void> {
    const queued = this.#queue;
    this.#queue = [];
    this.#terminate(
      new PythonRuntimeError(
        'stopped',
        'Stopped. Python was restarted to stop this run: variables were reset; files are as they were after the last completed run.',
      ),
    );
    this.#queue = queued;
    this.dispatchEvent(new CustomEvent('restarted', { detail: { reason } }));
    try {
      await this.#start();
    } catch {
      return;
    }
    void this.#pump();
  }
}

const RUN_ERROR_TYPES: Record<PythonRuntimeError['reason'], string> = {
  load: 'RuntimeLoadError',
  crashed: 'RuntimeCrashed',
  stopped: 'Stopped',
  cancelled: 'Cancelled',
};

const CHANGES_FILES = new Set<WorkerMethod>([
  'writeFiles',
  'restore',
  'clearEnv',
  'undoClear',
  'writeFile',
  'deleteFile',
  'importState',
]);

let bundleIndexURL: string | undefined;

/** Set by the bundle's entry: the Pyodide assets are copied next to it. */
export function setDefaultIndexURL(url: string): void {
  bundleIndexURL = url;
}

function defaultIndexURL(): string {
  return bundleIndexURL ?? new URL('./', import.meta.url).href;
}
