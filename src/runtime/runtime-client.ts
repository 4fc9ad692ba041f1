import type {
  EnvChange,
  EnvFile,
  LoadingStage,
  OutputLimits,
  RequestMessage,
  RunDisplayItem,
  RunResult,
  SnapshotOptions,
  SnapshotUse,
  WorkerMethod,
  WorkerMethods,
} from '../protocol.js';
import { BoundEnvStore, type EnvBinding } from './bound-env-store.js';
import { defaultIndexURL } from './default-index-url.js';
import { type EnvStore, MemoryEnvStore } from './env-store.js';
import { errorFromData, PythonRuntimeError } from './errors.js';
import { InterruptSignal } from './interrupt-signal.js';
import { createJob, type Job, type JobCallbacks, RunQueue } from './run-queue.js';
import {
  DEFAULT_SNAPSHOT_DATABASE,
  SnapshotMaker,
  type SnapshotOutcome,
} from './snapshot-maker.js';
import { StdinChannel } from './stdin-channel.js';
import { WorkerConnection } from './worker-connection.js';
import { bytecodeURL, createRuntimeWorker, workerURL } from './worker-url.js';

export type { EnvBinding } from './bound-env-store.js';
export { setDefaultIndexURL } from './default-index-url.js';
export type { JobCallbacks, JobStatus } from './run-queue.js';
export type { SnapshotOutcome } from './snapshot-maker.js';

export interface RuntimeOptions {
  /** Folder of the Pyodide assets. */
  indexURL?: string;
  /** Per-run output cap; past it the run's output is dropped and marked truncated. */
  outputLimits?: Partial<OutputLimits>;
  /** The largest state file `loadState` accepts, as the sum of its files' sizes. Default 200 MB. */
  maxStateBytes?: number;
  /** The largest single file Add file and drag-and-drop accept. Default 100 MB. */
  maxFileBytes?: number;
  /**
   * Boot from a memory snapshot of a clean interpreter kept in IndexedDB, and
   * make one (off the critical path) when there is none. Default true; false
   * neither reads nor writes one.
   */
  snapshot?: boolean;
  /** Packages every cell loads before its first run: Pyodide names, PyPI names or absolute wheel URLs. */
  packages?: string[];
  /**
   * Where packages named in Pyodide's lock file are downloaded from. Default:
   * the folder of `indexURL` when that was set (a full Pyodide distribution),
   * else the Pyodide CDN folder of the bundled version.
   */
  packageBaseURL?: string;
  /** A lock file other than the `pyodide-lock.json` next to Pyodide (e.g. one made with `micropip.freeze()`). */
  lockFileURL?: string;
}

/** What a client is built from; tests give a fake worker or another store. */
export interface RuntimeParts {
  /**
   * Starts a worker; may throw when the browser refuses to. `preload` is the
   * URL of Pyodide's loader, which the worker will import: fetch it alongside.
   */
  createWorker?: (preload?: string) => Worker;
  /** The worker script's URL, named when it cannot load. */
  workerURL?: string;
  /** Where each env's files are kept for a restart. */
  store?: EnvStore;
  /** The IndexedDB database of the memory snapshot (tests give each their own). */
  snapshotDatabase?: string;
}

/** How the worker in use booted: from the memory snapshot, or by running CPython's start-up. */
export type BootMode = 'snapshot' | 'normal';

/** Events of the shared runtime, for cells that show its state. */
export interface RuntimeEventMap {
  progress: CustomEvent<{ stage: LoadingStage; detail: string }>;
  /** The worker was replaced; variables are gone and files were put back. */
  restarted: CustomEvent<{ reason: 'stopped' | 'crashed' }>;
  /** A worker finished booting and can run code. */
  ready: CustomEvent<{ fromSnapshot: boolean }>;
  /** Making the memory snapshot ended (saved, or failed unseen). */
  snapshot: CustomEvent<SnapshotOutcome>;
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
  #createWorker: (preload?: string) => Worker;
  #workerURL: string | undefined;
  #store: BoundEnvStore;
  #queue = new RunQueue();
  #connection: WorkerConnection | undefined;
  #starting: Promise<WorkerConnection> | undefined;
  #interrupt: InterruptSignal | undefined;
  #fallbackIndexURL: string | undefined;
  #snapshotDatabase: string;
  #snapshots: SnapshotMaker;
  #bootMode: BootMode | undefined;
  /** The last boot found no usable snapshot: make one after the next run. */
  #isSnapshotWanted = false;
  #stdin: StdinChannel | undefined;
  /** Every package loaded so far: a new worker (after a stop or a crash) loads them again. */
  #packages = new Set<string>();
  /** Deltas are applied in the order they came, and a boot reads the store after them. */
  #stored: Promise<void> = Promise.resolve();

  constructor(parts: RuntimeParts = {}) {
    super();
    this.#createWorker = parts.createWorker ?? createRuntimeWorker;
    this.#workerURL = parts.workerURL;
    this.#store = new BoundEnvStore(parts.store ?? new MemoryEnvStore());
    this.#snapshotDatabase = parts.snapshotDatabase ?? DEFAULT_SNAPSHOT_DATABASE;
    this.#snapshots = new SnapshotMaker(this.#createWorker);
  }

  /** Whether a worker exists (Pyodide is loading or loaded). */
  get isStarted(): boolean {
    return this.#connection !== undefined;
  }

  /** How the current worker booted; undefined until one has. */
  get bootMode(): BootMode | undefined {
    return this.#bootMode;
  }

  /**
   * How making the memory snapshot ended, once it has; undefined when this
   * page has not scheduled one (snapshots off, or a usable one was found).
   */
  snapshotOutcome(): Promise<SnapshotOutcome> | undefined {
    return this.#snapshots.outcome;
  }

  /** Whether Pyodide is loading or loaded, or about to be: files given now reach it only through a request. */
  get isStartedOrStarting(): boolean {
    return this.#connection !== undefined || this.#starting !== undefined;
  }

  /**
   * Lets `binding` keep an env's files instead of page memory (a cell's
   * IndexedDB autosave): it gets every change, and gives the files back when
   * a worker (re)starts. Returns the function that ends the binding.
   */
  bindEnv(env: string, binding: EnvBinding): () => void {
    return this.#store.bind(env, binding);
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
    packages: readonly string[] = [],
  ): Promise<RunResult> {
    const wanted = [...new Set([...(this.#options.packages ?? []), ...packages])];
    const params = { env, code, filename, limits: this.outputLimits, packages: wanted };
    const started = performance.now();
    const streamed = { stdout: '', stderr: '' };
    const display: RunDisplayItem[] = [];
    const tracked: JobCallbacks = {
      ...callbacks,
      onOutput(stream, text) {
        streamed[stream] += text;
        callbacks.onOutput?.(stream, text);
      },
      onDisplay(item) {
        display.push(item);
        callbacks.onDisplay?.(item);
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
          ...(display.length > 0 ? { display } : {}),
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
      // At any moment: while packages load, the worker keeps the SIGINT
      // waiting until the code starts.
      this.#interrupt.send();
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
    this.#snapshots.dispose();
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
    // A ready runtime takes the job in the same task as its call: the cell
    // goes from queued to running before it renders either.
    let connection = this.#starting ? undefined : this.#connection;
    if (!connection) {
      try {
        connection = await this.#start();
      } catch (error) {
        // Also fails jobs queued while a failed start was settling.
        this.#queue.failAll(error as Error);
        return;
      }
    }
    const job = this.#queue.next();
    if (!job) return;
    // A Stop that came after the previous run ended must not hit this one.
    this.#interrupt?.clear();
    connection
      .request(job.method, job.params as never, (message) => this.#onJobMessage(job, message))
      .then(
        async (response) => {
          // What the run wrote after its last output message shows before its result.
          for (const { stream, text } of response.output ?? []) {
            job.callbacks.onOutput?.(stream, text);
          }
          await this.#applyChanges(response.changes);
          if (job.method === 'run') this.#makeSnapshotIfWanted();
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
    switch (message.kind) {
      case 'output':
        job.callbacks.onOutput?.(message.stream, message.text);
        break;
      case 'display':
        job.callbacks.onDisplay?.(message.item);
        break;
      case 'started':
        // Packages were loading until now.
        job.callbacks.onStatus?.('running');
        break;
      case 'package-progress':
        job.callbacks.onStatus?.('loading');
        job.callbacks.onPackageProgress?.(message.progress);
        break;
      case 'packages-loaded':
        for (const spec of message.packages) this.#packages.add(spec);
        break;
      case 'input-request':
        job.callbacks.onInput?.(message.prompt, (line) => this.#answerInput(job, message.id, line));
        break;
    }
  }

  /** Answers the run's input request, unless the run has ended meanwhile. */
  #answerInput(job: Job, id: number, line: string | null): void {
    const connection = this.#connection;
    if (this.#queue.running !== job || !connection || !this.#stdin) return;
    this.#stdin.answer(id, line, (message) => connection.send(message as never));
  }

  #applyChanges(changes: EnvChange[]): Promise<void> {
    this.#stored = this.#stored.then(async () => {
      for (const { env, delta } of changes) await this.#store.applyDelta(env, delta);
    });
    return this.#stored;
  }

  get #isSnapshotOn(): boolean {
    return this.#options.snapshot !== false;
  }

  #snapshotOptions(): SnapshotOptions {
    // Packages preloaded before the snapshot would join its key here.
    return { database: this.#snapshotDatabase, packages: [] };
  }

  /** Absolute: the worker would resolve a relative URL against its own script, not the page. */
  #indexURL(): string {
    return new URL(
      this.#options.indexURL ?? this.#fallbackIndexURL ?? defaultIndexURL(),
      document.baseURI,
    ).href;
  }

  /**
   * Pyodide's loader, as the worker will import it (see `folderOf` in
   * pyodide-host.ts; lazy-start.test.ts fails when the two differ); none for
   * an index URL that does not parse, which `init` then reports.
   */
  #loaderURL(): string | undefined {
    try {
      const indexURL = this.#indexURL();
      return `${indexURL.endsWith('/') ? indexURL : `${indexURL}/`}pyodide.mjs`;
    } catch {
      return undefined;
    }
  }

  /**
   * After a run, never before one: a page whose runtime never started makes
   * no snapshot, and the first output never waits for one.
   */
  #makeSnapshotIfWanted(): void {
    if (!this.#isSnapshotWanted || !this.#isSnapshotOn) return;
    this.#isSnapshotWanted = false;
    // One try per page: a restart that finds none yet must not start another.
    if (this.#snapshots.outcome) return;
    void this.#snapshots
      .schedule(this.#indexURL(), this.#snapshotOptions())
      .then((outcome) => this.dispatchEvent(new CustomEvent('snapshot', { detail: outcome })));
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
      worker = this.#createWorker(this.#loaderURL());
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
    const stdin = new StdinChannel();
    this.#stdin = stdin;
    const lifeLock = globalThis.navigator?.locks
      ? `py-state-runner-worker-${crypto.randomUUID()}`
      : undefined;
    // The files to put back are read meanwhile: Pyodide's download must not wait for IndexedDB.
    const restoring = this.#restorable();
    let response: Awaited<ReturnType<WorkerConnection['request']>>;
    let init: Promise<typeof response> | undefined;
    let restored: Promise<typeof response> | undefined;
    try {
      const isIndexChosen = (this.#options.indexURL ?? this.#fallbackIndexURL) !== undefined;
      // A chosen index URL is taken for a full Pyodide distribution, packages included;
      // resolved here, against the page, like the index URL itself.
      const packageBaseURL =
        this.#options.packageBaseURL ?? (isIndexChosen ? this.#indexURL() : undefined);
      const { lockFileURL } = this.#options;
      init = connection.request(
        'init',
        {
          indexURL: this.#indexURL(),
          ...(interrupt ? { interruptBuffer: interrupt.buffer } : {}),
          ...(lifeLock ? { lifeLock } : {}),
          ...(packageBaseURL ? { packageBaseURL } : {}),
          ...(lockFileURL ? { lockFileURL } : {}),
          bytecodeURL: bytecodeURL().href,
          ...(this.#packages.size > 0 ? { packages: [...this.#packages] } : {}),
          ...(stdin.buffer ? { stdinBuffer: stdin.buffer } : {}),
          ...(this.#isSnapshotOn ? { snapshot: this.#snapshotOptions() } : {}),
        },
        (message) => {
          if (message.kind !== 'package-progress') return;
          const detail = `Loading package ${message.progress.name} again`;
          this.dispatchEvent(
            new CustomEvent('progress', { detail: { stage: 'starting', detail } }),
          );
        },
      );
      const envs = await restoring;
      // The worker takes requests in order: these files are in before anything queued runs.
      restored = envs.length > 0 ? connection.request('restoreFiles', { envs }) : undefined;
      response = await init;
      const put = response.ok ? await restored : undefined;
      if (put && !put.ok) response = put;
    } catch (cause) {
      throw this.#failLoad(asLoadError(cause), connection);
    } finally {
      // A failure above closed the connection, which rejects what is still in flight: seen here.
      for (const settling of [init, restored, restoring]) settling?.catch(() => {});
    }
    if (!response.ok) {
      throw this.#failLoad(asLoadError(errorFromData(response.error)), connection);
    }
    if (lifeLock) connection.watchLife(lifeLock);
    this.#booted((response.value as { snapshot?: SnapshotUse }).snapshot);
    return connection;
  }

  #booted(snapshot: SnapshotUse | undefined): void {
    const fromSnapshot = snapshot === 'used';
    this.#bootMode = fromSnapshot ? 'snapshot' : 'normal';
    this.#isSnapshotWanted = snapshot !== undefined && snapshot !== 'used' && snapshot !== 'off';
    this.dispatchEvent(new CustomEvent('ready', { detail: { fromSnapshot } }));
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
