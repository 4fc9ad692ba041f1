import type { PackageProgress, RunDisplayItem, WorkerMethod } from '../protocol.js';
import { PythonRuntimeError } from './errors.js';

/** What a job reports to the cell that asked for it. */
export type JobStatus = 'loading' | 'queued' | 'running';

export interface JobCallbacks {
  /** Who asked: stop(owner) cancels or interrupts this owner's jobs only. */
  owner?: object;
  onStatus?(status: JobStatus): void;
  onOutput?(stream: 'stdout' | 'stderr', text: string): void;
  /** A display item, in order with the output around it. */
  onDisplay?(item: RunDisplayItem): void;
  /** A package the run needs is downloading (the status is `loading` meanwhile). */
  onPackageProgress?(progress: PackageProgress): void;
  /**
   * The run's Python waits for a line (input(), sys.stdin): call `answer`
   * with it, or with null to end the input (EOFError).
   */
  onInput?(prompt: string, answer: (line: string | null) => void): void;
}

/** One request waiting for, or holding, the interpreter. */
export interface Job {
  readonly method: WorkerMethod;
  readonly params: unknown;
  readonly callbacks: JobCallbacks;
  /** Settles (never rejects) once the job's promise has. */
  readonly settled: Promise<void>;
  /** Stop interrupted this run: its KeyboardInterrupt is the reader's stop. */
  isInterrupted: boolean;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** Makes a job whose promise settles through `resolve`/`reject`. */
export function createJob(
  method: WorkerMethod,
  params: unknown,
  callbacks: JobCallbacks,
): { job: Job; done: Promise<unknown> } {
  let resolve!: (value: unknown) => void;
  let reject!: (error: Error) => void;
  const done = new Promise<unknown>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  const settled = done.then(
    () => undefined,
    () => undefined,
  );
  const job: Job = {
    method,
    params,
    callbacks,
    settled,
    isInterrupted: false,
    resolve,
    reject,
  };
  return { job, done };
}

/**
 * First in, first out, one job at a time: there is one interpreter, and a
 * state export must never read a database while a run is writing it. The
 * queue tells each job's owner where it stands.
 */
export class RunQueue {
  #waiting: Job[] = [];
  #running: Job | undefined;

  /** The job that holds the interpreter, if any. */
  get running(): Job | undefined {
    return this.#running;
  }

  get isIdle(): boolean {
    return this.#running === undefined && this.#waiting.length === 0;
  }

  /** Adds a job at the end; it hears `loading` while the runtime starts, else `queued`. */
  add(job: Job, status: 'loading' | 'queued'): void {
    this.#waiting.push(job);
    job.callbacks.onStatus?.(status);
  }

  /** Gives the interpreter to the oldest waiting job, unless a job holds it. */
  next(): Job | undefined {
    if (this.#running) return undefined;
    const job = this.#waiting.shift();
    if (!job) return undefined;
    this.#running = job;
    for (const waiting of this.#waiting) waiting.callbacks.onStatus?.('queued');
    job.callbacks.onStatus?.('running');
    return job;
  }

  /** Frees the interpreter if `job` holds it; false when it did not (it was failed already). */
  finish(job: Job): boolean {
    if (this.#running !== job) return false;
    this.#running = undefined;
    return true;
  }

  /** Cancels the owner's waiting jobs; the running one is left to the caller. */
  cancel(owner: object): void {
    const cancelled = this.#waiting.filter((job) => job.callbacks.owner === owner);
    this.#waiting = this.#waiting.filter((job) => job.callbacks.owner !== owner);
    const error = new PythonRuntimeError('cancelled', 'Cancelled before it started.');
    for (const job of cancelled) job.reject(error);
  }

  /** Fails the running job with `error`; waiting jobs keep their place. */
  failRunning(error: Error): void {
    const job = this.#running;
    this.#running = undefined;
    job?.reject(error);
  }

  /** Fails the running job and every waiting one with `error`. */
  failAll(error: Error): void {
    const jobs = [...(this.#running ? [this.#running] : []), ...this.#waiting];
    this.#running = undefined;
    this.#waiting = [];
    for (const job of jobs) job.reject(error);
  }
}
