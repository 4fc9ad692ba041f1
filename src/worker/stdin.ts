import {
  type InputReply,
  STDIN_EMPTY,
  STDIN_EOF,
  STDIN_HEADER_BYTES,
  STDIN_LINE,
  type WorkerMessage,
} from '../protocol.js';

/** A line, or `false` at end of input (the reader closed the field). */
export type StdinAnswer = string | false;

/**
 * What src/worker/python/stdin.py calls to ask the page for a line. Where
 * the page is cross-origin isolated, `shared_ask` and `shared_poll` block on
 * a SharedArrayBuffer the page fills (Python polls, so Stop's interrupt can
 * land between polls); elsewhere `ask_async` returns a promise that Python
 * waits on with JSPI's `run_sync`.
 */
export interface StdinHooks {
  shared_ask?: (prompt: string) => void;
  /** The answer, or undefined when none came within `milliseconds`. */
  shared_poll?: (milliseconds: number) => StdinAnswer | undefined;
  ask_async: (prompt: string) => Promise<StdinAnswer>;
}

/** The worker's end of `input()`: asks the page on behalf of the run in progress and takes its answers. */
export class WorkerStdin {
  #post: (message: WorkerMessage) => void;
  #state: Int32Array | undefined;
  #bytes: Uint8Array | undefined;
  #waiting = new Map<number, (answer: StdinAnswer) => void>();
  /** The run whose Python asks; set by the worker around each run. */
  runId = 0;

  constructor(post: (message: WorkerMessage) => void, buffer?: SharedArrayBuffer) {
    this.#post = post;
    if (buffer) {
      this.#state = new Int32Array(buffer, 0, 2);
      this.#bytes = new Uint8Array(buffer, STDIN_HEADER_BYTES);
    }
  }

  /** Takes the page's answer (pages that are not cross-origin isolated). */
  receive(reply: InputReply): void {
    const resolve = this.#waiting.get(reply.id);
    this.#waiting.delete(reply.id);
    resolve?.(reply.line ?? false);
  }

  hooks(): StdinHooks {
    const state = this.#state;
    const bytes = this.#bytes;
    const hooks: StdinHooks = {
      ask_async: (prompt) => {
        const id = this.runId;
        return new Promise((resolve) => {
          this.#waiting.set(id, resolve);
          this.#post({ kind: 'input-request', id, prompt });
        });
      },
    };
    if (state && bytes) {
      hooks.shared_ask = (prompt) => {
        // An answer left over from a stopped run must not answer this one.
        Atomics.store(state, 0, STDIN_EMPTY);
        this.#post({ kind: 'input-request', id: this.runId, prompt });
      };
      hooks.shared_poll = (milliseconds) => {
        Atomics.wait(state, 0, STDIN_EMPTY, milliseconds);
        const status = Atomics.load(state, 0);
        if (status === STDIN_EMPTY) return undefined;
        Atomics.store(state, 0, STDIN_EMPTY);
        if (status === STDIN_EOF) return false;
        if (status !== STDIN_LINE) return undefined;
        // TextDecoder refuses views of shared memory: copy first.
        const line = bytes.slice(0, Atomics.load(state, 1));
        return new TextDecoder().decode(line);
      };
    }
    return hooks;
  }
}
