import type {
  EnvChange,
  EnvFile,
  LoadingStage,
  OutputLimits,
  RequestMessage,
  RunResult,
  WorkerMethod,
  WorkerMethods,
} from '../protocol.js';
import { defaultIndexURL } from './default-index-url.js';
import { type EnvStore, MemoryEnvStore } from './env-store.js';
import { errorFromData, PythonRuntimeError } from './errors.js';
import { InterruptSignal } from './interrupt-signal.js';
import { createJob, type Job, type JobCallbacks, RunQueue } from './run-queue.js';
import { WorkerConnection } from './worker-connection.js';
import { createRuntimeWorker, workerURL } from './worker-url.js';

export { setDefaultIndexURL } from './default-index-url.js';
export type { JobCallbacks, JobStatus } from './run-queue.js';

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

/** What a client is built from; tests give a fake worker or another store. */
export interface RuntimeParts {
  /** Starts a worker; may throw when the browser refuses to. */
  createWorker?: () => Worker;
  /** The worker script's URL, named when it cannot load. */
  workerURL?: string;
  /** Where each env's files are kept for a restart. */
  store?: EnvStore;
}

/** Events of the shared runtime, for cells that show its state. */
export interface RuntimeEventMap {
  progress: CustomEvent<{ stage: LoadingStage; detail: string }>;
  /** The worker was replaced; variables are gone and files were put back. */
  restarted: CustomEvent<{ reason: 'stopped' | 'crashed' }>;
}

export const DEFAULT_OUTPUT_LIMITS: OutputLimits = { maxLines: 5000, maxBytes: 1024 * 1024 };

/** How long an interrupted run may take to raise KeyboardInterrupt before the worker is replaced. */
const INTERRUPT_GRACE_MS = 3000;

/** How long Stop waits for a cell's running panel request (bounded by the worker's ~1 s budget) before a restart. */
const PANEL_GRACE_MS = 3000;

const STOPPED_BY_RESTART =
  'Stopped. Python was restarted to stop this run: variables were reset; files are as they were after the last completed run.';

/**
 * The page's one Python runtime: starts the worker on first need, runs one
 * request at a time in order, and replaces the worker when it is stopped or
 * dies, putting every env's files back from the store.
 */
export class RuntimeClient extends EventTarget {
  #options: RuntimeOptions = {};
  #createWorker: () => Worker;
  #workerURL: string | undefined;
  #store: EnvStore;
  #queue = new RunQueue();
  #connection: WorkerConnection | undefined;
  #starting: Promise<WorkerConnection> | undefined;
  #interrupt: InterruptSignal | undefined;
  #fallbackIndexURL: string | undefined;
  /** Deltas are applied in the order they came, and a boot reads the store after them. */
  #stored: Promise<void> = Promise.resolve();

  constructor(parts: RuntimeParts = {}) {
    super();
    this.#createWorker = parts.createWorker ?? createRuntimeWorker;
    this.#workerURL = parts.workerURL;
    this.#store = parts.store ?? new MemoryEnvStore();
  }

  /** Whether a worker exists (Pyodide is loading or loaded). */
  get isStarted(): boolean {
    return this.#connection !== undefined;
  }

  /** Whether stop() can interrupt Python without replacing the worker. */
  get canInterrupt(): boolean {
    return InterruptSignal.isAvailable;
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
  async preload(): Promise<void> {
    await this.#start();
  }

  /** The env's files as of its last completed request: what a restart puts back. */
  async filesOf(env: string): Promise<EnvFile[]> {
    await this.#stored;
    return this.#store.files(env);
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
    const { job, done } = this.#enqueue('run', params, tracked);
    return (done as Promise<RunResult>).then(
      (result) => {
        // Only a KeyboardInterrupt that our Stop sent is the reader's stop;
        // one the code raised itself is an ordinary Python error.
        if (job.isInterrupted && result.error?.type === 'KeyboardInterrupt') {
          return { ...result, error: { ...result.error, kind: 'stopped' } };
        }
        return result;
      },
      (error: unknown) => {
        // A runtime that never loaded fails the promise; a run cut short by
        // a stop or a crash is a result the cell can show.
        if (!(error instanceof PythonRuntimeError) || error.reason === 'load') throw error;
        return {
          ok: false,
          ...streamed,
          error: { kind: error.reason, type: '', message: error.message, traceback: '' },
          durationMs: performance.now() - started,
        };
      },
    );
  }

  /** Calls a worker method after everything queued before it. */
  call<M extends WorkerMethod>(
    method: M,
    params: WorkerMethods[M]['params'],
    callbacks: JobCallbacks = {},
  ): Promise<WorkerMethods[M]['result']> {
    return this.#enqueue(method, params, callbacks).done as Promise<WorkerMethods[M]['result']>;
  }

  /**
   * Stops what an owner asked for: a queued job is cancelled; a running one
   * is interrupted (KeyboardInterrupt) where the page is cross-origin
   * isolated, else (or when it ignores the interrupt) the worker is replaced
   * and every env's files put back.
   */
  async stop(owner: object): Promise<void> {
    this.#queue.cancel(owner);
    const job = this.#queue.running;
    if (!job || job.callbacks.owner !== owner) return;
    if (job.method !== 'run') {
      // Panel work (inspect, preview, an export chunk) runs under the
      // worker's time budget and ends within about a second: waiting for it
      // keeps every variable, where a restart would lose them.
      if (await settlesWithin(job, PANEL_GRACE_MS)) return;
    } else if (this.#interrupt) {
      job.isInterrupted = true;
      // Before the code starts, an interrupt would land in Pyodide's own
      // machinery; the worker says when it is safe.
      if (job.isStarted) this.#interrupt.send();
      if (await settlesWithin(job, INTERRUPT_GRACE_MS)) return;
    }
    if (this.#queue.running === job) await this.#restart();
  }

  /** Ends the worker for good and fails every call with `error` (the shared runtime's reset). */
  dispose(error: PythonRuntimeError): void {
    const connection = this.#connection;
    this.#connection = undefined;
    this.#queue.failAll(error);
    connection?.close(error);
  }

  #enqueue(
    method: WorkerMethod,
    params: unknown,
    callbacks: JobCallbacks,
  ): { job: Job; done: Promise<unknown> } {
    const created = createJob(method, params, callbacks);
    const isReady = this.#connection !== undefined && this.#starting === undefined;
    this.#queue.add(created.job, isReady ? 'queued' : 'loading');
    void this.#pump();
    return created;
  }

  async #pump(): Promise<void> {
    if (this.#queue.running || this.#queue.isIdle) return;
    let connection: WorkerConnection;
    try {
      connection = await this.#start();
    } catch (error) {
      // Also fails jobs queued while a failed start was settling.
      this.#queue.failAll(error as Error);
      return;
    }
    const job = this.#queue.next();
    if (!job) return;
    // A Stop that came after the previous run ended must not hit this one.
    this.#interrupt?.clear();
    connection
      .request(job.method, job.params as never, (message) => this.#onJobMessage(job, message))
      .then(
        async (response) => {
          await this.#applyChanges(response.changes);
          if (!this.#queue.finish(job)) return;
          if (response.ok) job.resolve(response.value);
          else job.reject(errorFromData(response.error));
          void this.#pump();
        },
        (error: Error) => {
          // The connection closed under the job; whoever closed it failed the job.
          if (this.#queue.finish(job)) job.reject(error);
          void this.#pump();
        },
      );
  }

  #onJobMessage(job: Job, message: RequestMessage): void {
    if (message.kind === 'output') {
      job.callbacks.onOutput?.(message.stream, message.text);
    } else if (message.kind === 'started') {
      job.isStarted = true;
      if (job.isInterrupted) this.#interrupt?.send();
    }
  }

  #applyChanges(changes: EnvChange[]): Promise<void> {
    this.#stored = this.#stored.then(async () => {
      for (const { env, delta } of changes) await this.#store.applyDelta(env, delta);
    });
    return this.#stored;
  }

  #start(): Promise<WorkerConnection> {
    if (this.#connection && !this.#starting) return Promise.resolve(this.#connection);
    this.#starting ??= this.#boot().finally(() => {
      this.#starting = undefined;
    });
    return this.#starting;
  }

  async #boot(): Promise<WorkerConnection> {
    const url = this.#workerURL ?? workerURL().href;
    let worker: Worker;
    try {
      worker = this.#createWorker();
    } catch (cause) {
      throw this.#failLoad(
        new PythonRuntimeError(
          'load',
          `The Python runtime could not load: its worker ${url} could not be started (${(cause as Error).message}).`,
        ),
      );
    }
    const connection = new WorkerConnection(worker, {
      onProgress: (stage, detail) =>
        this.dispatchEvent(new CustomEvent('progress', { detail: { stage, detail } })),
      onLost: (message) => this.#lost(connection, url, message),
    });
    this.#connection = connection;
    const interrupt = InterruptSignal.isAvailable ? new InterruptSignal() : undefined;
    this.#interrupt = interrupt;
    const lifeLock = globalThis.navigator?.locks
      ? `py-state-runner-worker-${crypto.randomUUID()}`
      : undefined;
    let response: Awaited<ReturnType<WorkerConnection['request']>>;
    try {
      const restore = await this.#restorable();
      response = await connection.request('init', {
        indexURL: this.#options.indexURL ?? this.#fallbackIndexURL ?? defaultIndexURL(),
        ...(interrupt ? { interruptBuffer: interrupt.buffer } : {}),
        restore,
        ...(lifeLock ? { lifeLock } : {}),
      });
    } catch (cause) {
      throw this.#failLoad(asLoadError(cause), connection);
    }
    if (!response.ok) {
      throw this.#failLoad(asLoadError(errorFromData(response.error)), connection);
    }
    if (lifeLock) connection.watchLife(lifeLock);
    return connection;
  }

  async #restorable(): Promise<{ env: string; files: EnvFile[] }[]> {
    await this.#stored;
    const envs = await this.#store.envs();
    return Promise.all(envs.map(async (env) => ({ env, files: await this.#store.files(env) })));
  }

  /** Fails everything queued with a load error; the next call tries a fresh worker. */
  #failLoad(error: PythonRuntimeError, connection?: WorkerConnection): PythonRuntimeError {
    if (connection && this.#connection === connection) this.#connection = undefined;
    connection?.close(error);
    this.#queue.failAll(error);
    return error;
  }

  /** The worker cannot answer any more: before `init` answered it never loaded, after it crashed. */
  #lost(connection: WorkerConnection, url: string, message: string): void {
    if (this.#connection !== connection) return;
    if (this.#starting) {
      // The boot's init request fails with this and #boot reports it.
      connection.close(
        new PythonRuntimeError(
          'load',
          `The Python runtime could not load: its worker ${url} ${message ? `failed: ${message}` : 'could not be loaded'}.`,
        ),
      );
      return;
    }
    this.#connection = undefined;
    const error = new PythonRuntimeError(
      'crashed',
      `The Python runtime crashed: ${message || 'its worker ended'}`,
    );
    this.#queue.failAll(error);
    connection.close(error);
    this.dispatchEvent(new CustomEvent('restarted', { detail: { reason: 'crashed' } }));
  }

  /** Replaces the worker to end the running job; jobs waiting behind it run on the new one. */
  async #restart(): Promise<void> {
    const connection = this.#connection;
    this.#connection = undefined;
    const error = new PythonRuntimeError('stopped', STOPPED_BY_RESTART);
    this.#queue.failRunning(error);
    connection?.close(error);
    this.dispatchEvent(new CustomEvent('restarted', { detail: { reason: 'stopped' } }));
    try {
      await this.#start();
    } catch {
      return;
    }
    void this.#pump();
  }
}

/** Whether the job settles within the time; false when it is still running then. */
async function settlesWithin(job: Job, milliseconds: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const isFinished = await Promise.race([
    job.settled.then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), milliseconds);
    }),
  ]);
  clearTimeout(timer);
  return isFinished;
}

function asLoadError(cause: unknown): PythonRuntimeError {
  if (cause instanceof PythonRuntimeError && cause.reason === 'load') return cause;
  return new PythonRuntimeError(
    'load',
    `The Python runtime could not load: ${(cause as Error).message}`,
  );
}
