import {
  STDIN_BUFFER_BYTES,
  STDIN_EOF,
  STDIN_HEADER_BYTES,
  STDIN_LINE,
  STDIN_MAX_CHARS,
} from '../protocol.js';

/**
 * The page's end of `input()`. Where the page is cross-origin isolated the
 * answer goes into shared memory that the blocked worker polls (its event
 * loop cannot take a message then); elsewhere it is posted, and the worker
 * takes it outside its request chain while the run waits suspended by JSPI.
 */
export class StdinChannel {
  /** Present only where the page is cross-origin isolated. */
  readonly buffer: SharedArrayBuffer | undefined;

  constructor() {
    const isShared = typeof SharedArrayBuffer !== 'undefined' && globalThis.crossOriginIsolated;
    this.buffer = isShared ? new SharedArrayBuffer(STDIN_BUFFER_BYTES) : undefined;
  }

  /** Sends `line` (null: end of input) as the answer to request `id`, through `post` where memory is not shared. */
  answer(id: number, line: string | null, post: (message: unknown) => void): void {
    if (line !== null && line.length > STDIN_MAX_CHARS) {
      throw new RangeError(`A line of input is at most ${STDIN_MAX_CHARS} characters.`);
    }
    if (!this.buffer) {
      post({ kind: 'input-reply', id, line });
      return;
    }
    const state = new Int32Array(this.buffer, 0, 2);
    if (line !== null) {
      const bytes = new TextEncoder().encode(line);
      new Uint8Array(this.buffer, STDIN_HEADER_BYTES).set(bytes);
      Atomics.store(state, 1, bytes.byteLength);
    }
    Atomics.store(state, 0, line === null ? STDIN_EOF : STDIN_LINE);
    Atomics.notify(state, 0);
  }
}
