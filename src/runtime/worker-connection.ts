import type {
  InputReply,
  LoadingStage,
  RequestMessage,
  WorkerMessage,
  WorkerMethod,
  WorkerMethods,
} from '../protocol.js';

/** The worker's one answer to a request: success or an error as data, with the files it changed. */
export type Response = Extract<WorkerMessage, { kind: 'response' }>;

export interface ConnectionEvents {
  onProgress(stage: LoadingStage, detail: string): void;
  /**
   * The worker cannot answer any more: its `error` event, a `fatal` message,
   * or its life lock freed (it ended, also by a `terminate()` from outside).
   */
  onLost(message: string): void;
}

interface Pending {
  onMessage?: (message: RequestMessage) => void;
  resolve(response: Response): void;
  reject(error: Error): void;
}

/**
 * One worker and the requests in flight to it. Every request, `init`
 * included, is answered on the same path; nothing is left pending when the
 * connection closes.
 */
export class WorkerConnection {
  #worker: Worker;
  #events: ConnectionEvents;
  #pending = new Map<number, Pending>();
  #nextId = 1;
  #isClosed = false;
  #stopWatching = new AbortController();

  constructor(worker: Worker, events: ConnectionEvents) {
    this.#worker = worker;
    this.#events = events;
    worker.addEventListener('message', (event: MessageEvent<WorkerMessage>) =>
      this.#receive(event.data),
    );
    worker.addEventListener('error', (event) => {
      // Handled here: it must not also reach the page's console as uncaught.
      event.preventDefault();
      this.#lose(event.message || '');
    });
  }

  get isClosed(): boolean {
    return this.#isClosed;
  }

  /** Sends a request; resolves with its response, rejects only when the connection closes first. */
  request<M extends WorkerMethod>(
    method: M,
    params: WorkerMethods[M]['params'],
    onMessage?: (message: RequestMessage) => void,
  ): Promise<Response> {
    if (this.#isClosed) return Promise.reject(new Error('The Python worker is gone.'));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { onMessage, resolve, reject });
      this.#worker.postMessage({ kind: 'request', id, method, params });
    });
  }

  /** Sends a message that answers no request (an input reply); dropped once closed. */
  send(message: InputReply): void {
    if (!this.#isClosed) this.#worker.postMessage(message);
  }

  /**
   * Waits on the lock the worker holds while it lives (see InitOptions.lifeLock).
   * Call it only once the worker has answered `init`, so that it holds the lock.
   */
  watchLife(lockName: string): void {
    const locks = globalThis.navigator?.locks;
    if (!locks || this.#isClosed) return;
    locks
      .request(lockName, { signal: this.#stopWatching.signal }, () => {
        this.#lose('The Python worker ended.');
      })
      .catch((error: unknown) => {
        // Aborted by close(): we ended the worker ourselves.
        if ((error as Error).name !== 'AbortError') this.#lose(String(error));
      });
  }

  /** Ends the worker and fails every request in flight with `error`. */
  close(error: Error): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    this.#stopWatching.abort();
    this.#worker.terminate();
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const request of pending) request.reject(error);
  }

  #lose(message: string): void {
    if (this.#isClosed) return;
    this.#events.onLost(message);
  }

  #receive(message: WorkerMessage): void {
    if (this.#isClosed) return;
    if (message.kind === 'progress') {
      this.#events.onProgress(message.stage, message.detail);
    } else if (message.kind === 'fatal') {
      this.#lose(message.error.message);
    } else {
      const pending = this.#pending.get(message.id);
      if (!pending) return;
      if (message.kind === 'response') {
        this.#pending.delete(message.id);
        pending.resolve(message);
      } else {
        pending.onMessage?.(message);
      }
    }
  }
}
