import type {
  EnvChange,
  InitOptions,
  WorkerMessage,
  WorkerMethod,
  WorkerRequest,
} from '../../src/protocol.js';
import type { EnvStore } from '../../src/runtime/env-store.js';
import { RuntimeClient } from '../../src/runtime/runtime-client.js';

type RequestOf<M extends WorkerMethod> = Extract<WorkerRequest, { method: M }>;

/**
 * A stand-in for the runtime's worker, with no Pyodide: it records requests
 * and answers only when the test says so (init and restoreFiles excepted, unless told).
 * Like the real worker, it holds its life lock until it is terminated.
 */
export class FakeWorker extends EventTarget {
  requests: WorkerRequest[] = [];
  isTerminated = false;
  #answersInit: boolean;
  #releaseLock: (() => void) | undefined;
  #waiters: (() => void)[] = [];

  constructor(answersInit = true) {
    super();
    this.#answersInit = answersInit;
  }

  postMessage(request: WorkerRequest): void {
    if (this.isTerminated) return;
    this.requests.push(request);
    if (request.method === 'init' && this.#answersInit) void this.#init(request);
    if (request.method === 'restoreFiles' && this.#answersInit) this.reply(request.id, null);
    for (const wake of this.#waiters.splice(0)) wake();
  }

  terminate(): void {
    this.isTerminated = true;
    // The browser frees a worker's locks when it ends.
    this.#releaseLock?.();
  }

  /** The first request of `method`, once it has arrived. */
  async request<M extends WorkerMethod>(method: M, index = 0): Promise<RequestOf<M>> {
    for (;;) {
      const found = this.requests.filter((request) => request.method === method)[index];
      if (found) return found as RequestOf<M>;
      await new Promise<void>((wake) => this.#waiters.push(wake));
    }
  }

  /**
   * For a worker told not to answer `init`: answers it as the real worker does (its life lock
   * held first), then `restoreFiles`, now and from then on.
   */
  async answerInit(): Promise<void> {
    this.#answersInit = true;
    await this.#init(await this.request('init'));
    for (const request of this.requests) {
      if (request.method === 'restoreFiles') this.reply(request.id, null);
    }
  }

  reply(id: number, value: unknown, changes: EnvChange[] = []): void {
    this.send({ kind: 'response', id, ok: true, value, changes });
  }

  send(message: WorkerMessage): void {
    if (this.isTerminated) return;
    this.dispatchEvent(new MessageEvent('message', { data: message }));
  }

  /** What the browser does when the script fails to load or throws uncaught. */
  fireError(message = ''): void {
    this.dispatchEvent(new ErrorEvent('error', { message, cancelable: true }));
  }

  async #init(request: RequestOf<'init'>): Promise<void> {
    const { lifeLock } = request.params as InitOptions;
    if (lifeLock) {
      await new Promise<void>((held) => {
        void navigator.locks.request(lifeLock, () => {
          held();
          return new Promise<void>((release) => {
            this.#releaseLock = release;
          });
        });
      });
    }
    this.reply(request.id, { version: 'fake' });
  }
}

/** A client over fake workers: `workers` holds each one it started, newest last. */
export function fakeRuntime(options: { answersInit?: boolean; store?: EnvStore } = {}): {
  client: RuntimeClient;
  workers: FakeWorker[];
} {
  const workers: FakeWorker[] = [];
  const client = new RuntimeClient({
    workerURL: 'fake://worker.js',
    ...(options.store ? { store: options.store } : {}),
    createWorker: () => {
      const worker = new FakeWorker(options.answersInit ?? true);
      workers.push(worker);
      return worker as unknown as Worker;
    },
  });
  return { client, workers };
}

/** A run's result as the worker sends it. */
export function ranOk(stdout = ''): unknown {
  return { ok: true, stdout, stderr: '', durationMs: 1 };
}

export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
