import type { SnapshotOptions } from '../protocol.js';
import { WorkerConnection } from './worker-connection.js';

/** How making the snapshot ended; nothing of it is shown to a reader. */
export type SnapshotOutcome = { isSaved: true; size: number } | { isSaved: false; error: string };

/** The IndexedDB database of the snapshot, unless the client is told another (tests). */
export const DEFAULT_SNAPSHOT_DATABASE = 'py-state-runner-snapshot';

/** Longest wait for an idle moment before the snapshot worker starts anyway. */
const IDLE_TIMEOUT_MS = 3000;

function whenIdle(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') {
      requestIdleCallback(() => resolve(), { timeout: IDLE_TIMEOUT_MS });
    } else {
      // Safari has no requestIdleCallback: leave the run's own follow-ups a moment.
      setTimeout(resolve, 500);
    }
  });
}

/**
 * Makes the runtime's memory snapshot, at most once per page, in a worker of
 * its own started when the page is idle: booting with the snapshot flag is
 * slower, and taking it in the runtime's worker would hold up runs, so no
 * reader's output ever waits for it.
 */
export class SnapshotMaker {
  #createWorker: () => Worker;
  #outcome: Promise<SnapshotOutcome> | undefined;
  #connection: WorkerConnection | undefined;
  #isDisposed = false;

  constructor(createWorker: () => Worker) {
    this.#createWorker = createWorker;
  }

  /** How the snapshot scheduled on this page ended; undefined when none was. */
  get outcome(): Promise<SnapshotOutcome> | undefined {
    return this.#outcome;
  }

  /** Makes a snapshot when the page is next idle, unless one was already tried on this page. */
  schedule(indexURL: string, snapshot: SnapshotOptions): Promise<SnapshotOutcome> {
    this.#outcome ??= this.#make(indexURL, snapshot).catch((error: unknown) => ({
      isSaved: false as const,
      error: (error as Error).message ?? String(error),
    }));
    return this.#outcome;
  }

  /** Ends a snapshot worker that is still running (the page's runtime is going away). */
  dispose(): void {
    this.#isDisposed = true;
    this.#connection?.close(new Error('The runtime was disposed.'));
  }

  async #make(indexURL: string, snapshot: SnapshotOptions): Promise<SnapshotOutcome> {
    await whenIdle();
    if (this.#isDisposed) return { isSaved: false, error: 'The runtime was disposed.' };
    let lost: (message: string) => void = () => {};
    const ended = new Promise<never>((_, reject) => {
      lost = (message) => reject(new Error(message || 'The snapshot worker ended.'));
    });
    const connection = new WorkerConnection(this.#createWorker(), {
      onProgress: () => {},
      onLost: lost,
    });
    this.#connection = connection;
    try {
      const response = await Promise.race([
        connection.request('makeSnapshot', { indexURL, snapshot }),
        ended,
      ]);
      if (!response.ok) return { isSaved: false, error: response.error.message };
      return { isSaved: true, size: (response.value as { size: number }).size };
    } finally {
      // Its interpreter is only the snapshot's source: its memory goes back now.
      connection.close(new Error('The snapshot is made.'));
      this.#connection = undefined;
    }
  }
}
