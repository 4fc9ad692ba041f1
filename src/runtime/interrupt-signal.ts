/**
 * The buffer Pyodide polls for SIGINT, shared with the worker. It exists only
 * where the page is cross-origin isolated (SharedArrayBuffer needs it).
 * https://pyodide.org/en/stable/usage/keyboard-interrupts.html
 */
export class InterruptSignal {
  readonly buffer: SharedArrayBuffer;
  #cell: Int32Array;

  constructor() {
    this.buffer = new SharedArrayBuffer(4);
    this.#cell = new Int32Array(this.buffer);
  }

  /** Whether this page can share memory with the worker. */
  static get isAvailable(): boolean {
    return typeof SharedArrayBuffer !== 'undefined' && globalThis.crossOriginIsolated === true;
  }

  /** Raises KeyboardInterrupt at Python's next check; wakes a time.sleep that waits on the buffer. */
  send(): void {
    // 2 is SIGINT.
    Atomics.store(this.#cell, 0, 2);
    Atomics.notify(this.#cell, 0);
  }

  /** Withdraws an interrupt Python has not seen yet. */
  clear(): void {
    Atomics.store(this.#cell, 0, 0);
  }
}
