import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LoadingStage, PackageProgress, RunResult } from '../protocol.js';
import { PackageSpecError, parsePackageSpecs } from '../runtime/package-specs.js';
import type { JobStatus, RuntimeClient, RuntimeEventMap } from '../runtime/runtime-client.js';
import { sharedRuntime } from '../runtime/shared-runtime.js';
import { emit } from './events.js';
import { formatBytes, formatDuration, formatSeconds } from './format.js';
import { InputField } from './input-field.js';
import type { OutputController } from './output-controller.js';

export type CellStatus = 'idle' | JobStatus;

/** How far something has come: what a `<progress>` shows. */
export interface LoadingProgress {
  value: number;
  max: number;
}

/** The runtime's loading stages in their order: the toolbar's bar moves a step at each. */
const LOADING_STAGES: readonly LoadingStage[] = ['fetching', 'starting', 'ready'];

/** How a run was asked for. */
export interface RunOptions {
  /** The cell's `packages` attribute. */
  packages?: string;
  /** The reader started it on this cell (Run button, keys): input() may take the focus. */
  isByUser?: boolean;
}

/** What the controller needs of the element. */
export interface RunHost extends ReactiveControllerHost, HTMLElement {
  readonly env: string;
  readonly name: string;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/**
 * Runs the cell's code on the shared runtime and keeps what the cell says
 * about it: status, elapsed time, loading progress, the last outcome.
 */
export class RunController implements ReactiveController {
  #host: RunHost;
  #output: OutputController;
  #jobs = new Map<symbol, CellStatus>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #runningSince = 0;
  #stopping = false;
  #inputField = new InputField();
  /** The package downloading for this cell's run, while one is. */
  #package: PackageProgress | undefined;
  #onProgress = (event: Event) => {
    const { stage, detail } = (event as RuntimeEventMap['progress']).detail;
    this.#loadingStage = stage;
    this.loadingDetail = detail;
    this.#host.requestUpdate();
  };
  #onRestarted = (event: Event) => {
    const { reason } = (event as RuntimeEventMap['restarted']).detail;
    if (!this.#output.hasOutput || this.#jobs.size > 0) return;
    this.#output.append(
      'notice',
      reason === 'crashed'
        ? 'The Python runtime crashed and will restart on the next run. Variables were reset; files were kept.'
        : 'The Python runtime was restarted by another cell. Variables were reset; files were kept.',
    );
  };

  /** The runtime's last loading stage. */
  #loadingStage: LoadingStage | undefined;
  /** Loading stage in words, while the runtime loads. */
  loadingDetail = '';
  /** A one-line account of the last run, shown when idle. */
  lastOutcome = '';

  constructor(host: RunHost, output: OutputController) {
    this.#host = host;
    this.#output = output;
    host.addController(this);
  }

  get runtime(): RuntimeClient {
    return sharedRuntime();
  }

  get status(): CellStatus {
    const statuses = [...this.#jobs.values()];
    for (const status of ['running', 'loading', 'queued'] as const) {
      if (statuses.includes(status)) return status;
    }
    return 'idle';
  }

  /** The status in words: it changes with the status, not with the clock. */
  get statusText(): string {
    switch (this.status) {
      case 'loading':
        if (this.#package) return `Loading package ${this.#package.name}…`;
        return `Loading Python… ${this.loadingDetail}`.trim();
      case 'queued':
        return 'Queued: waiting for another cell';
      case 'running':
        return this.isStopping ? 'Stopping…' : 'Running…';
      default:
        return this.lastOutcome || (this.runtime.isStarted ? 'Ready' : 'Python loads on first run');
    }
  }

  /** Time since the run started, while it runs. */
  get elapsedText(): string {
    const progress = this.#package;
    if (this.status === 'loading' && progress) {
      const loaded = formatBytes(progress.loaded);
      return progress.total ? `${loaded} of ${formatBytes(progress.total)}` : loaded;
    }
    if (this.status !== 'running') return '';
    return formatSeconds((performance.now() - this.#runningSince) / 1000);
  }

  /**
   * How far loading has come, while the cell loads: a package's bytes when
   * its size is known, else the runtime's stage. Never indeterminate: an
   * indeterminate bar is animated every frame, and on a 2-core machine that
   * work (~150 ms of CPU over a start, traced) is taken from Pyodide's start.
   */
  get loadingProgress(): LoadingProgress | undefined {
    if (this.status !== 'loading') return undefined;
    const progress = this.#package;
    if (progress) {
      return progress.total
        ? { value: Math.min(progress.loaded, progress.total), max: progress.total }
        : { value: 0, max: 1 };
    }
    const step = this.#loadingStage ? LOADING_STAGES.indexOf(this.#loadingStage) + 1 : 0;
    return { value: step, max: LOADING_STAGES.length };
  }

  hostConnected(): void {
    this.runtime.addEventListener('progress', this.#onProgress);
    this.runtime.addEventListener('restarted', this.#onRestarted);
  }

  hostDisconnected(): void {
    this.runtime.removeEventListener('progress', this.#onProgress);
    this.runtime.removeEventListener('restarted', this.#onRestarted);
    this.#stopTimer();
  }

  async run(code: string, options: RunOptions = {}): Promise<RunResult> {
    let packages: string[];
    try {
      packages = parsePackageSpecs(options.packages ?? '', document.baseURI);
    } catch (error) {
      if (!(error instanceof PackageSpecError)) throw error;
      return this.#refuse(error.message);
    }
    const job = Symbol('run');
    this.#setJob(job, 'queued');
    let hasStarted = false;
    let result: RunResult;
    try {
      result = await this.runtime.run(
        this.#host.env,
        code,
        `<${this.#host.name}>`,
        {
          owner: this.#host,
          onStatus: (status) => {
            // Running, loading packages, then running again once the code starts.
            if (status === 'running' && !hasStarted) {
              hasStarted = true;
              this.#output.clear();
              this.#runningSince = performance.now();
              emit(this.#host, 'run-start', { code });
            }
            if (status === 'running') this.#package = undefined;
            this.#setJob(job, status);
          },
          onOutput: (stream, text) => this.#output.append(stream, text),
          onDisplay: (item) => this.#output.appendDisplay(item),
          onPackageProgress: (progress) => {
            this.#package = progress;
            this.#host.requestUpdate();
            emit(this.#host, 'package-progress', progress);
          },
          onInput: (prompt, answer) => this.#askLine(prompt, answer, options.isByUser === true),
        },
        packages,
      );
    } catch (error) {
      this.#inputField.remove();
      this.#package = undefined;
      this.#jobs.delete(job);
      this.#output.append('error', (error as Error).message);
      this.#output.flush();
      this.lastOutcome = 'Python could not start';
      this.#afterJob();
      throw error;
    }
    this.#inputField.remove();
    this.#package = undefined;
    this.#jobs.delete(job);
    this.#showResult(result);
    this.#afterJob();
    // run-end and the promise mean "the output is shown", rich items included.
    await this.#output.rendered();
    emit(this.#host, 'run-end', result);
    return result;
  }

  /** A `packages` list that names no package: the run does not start, and says why. */
  #refuse(message: string): RunResult {
    const result: RunResult = {
      ok: false,
      stdout: '',
      stderr: '',
      error: { kind: 'package', type: 'PackageError', message, traceback: '' },
      durationMs: 0,
    };
    this.#output.clear();
    this.#showResult(result);
    this.#host.requestUpdate();
    emit(this.#host, 'run-end', result);
    return result;
  }

  /** Shows the input field after what was printed so far. */
  #askLine(prompt: string, answer: (line: string | null) => void, isByUser: boolean): void {
    const pane = this.#host.renderRoot.querySelector<HTMLElement>('.output');
    if (!pane) {
      answer(null);
      return;
    }
    this.#output.flush();
    this.#inputField.show(pane, { prompt, cellName: this.#host.name, focus: isByUser, answer });
  }

  /** True from a stop request until the run it stops has ended. */
  get isStopping(): boolean {
    return this.#stopping && this.#jobs.size > 0;
  }

  async stop(): Promise<void> {
    if (this.#jobs.size === 0) return;
    this.#stopping = true;
    this.#host.requestUpdate();
    try {
      await this.runtime.stop(this.#host);
    } finally {
      this.#stopping = false;
      this.#host.requestUpdate();
    }
  }

  #showResult(result: RunResult): void {
    if (result.truncated) {
      const { maxLines, maxBytes } = this.runtime.outputLimits;
      this.#output.append(
        'notice',
        `Output truncated: a run shows at most ${maxLines} lines or ${formatBytes(maxBytes)}.`,
      );
    }
    if (result.result !== undefined) this.#output.append('result', result.result);
    if (result.error) {
      // Errors of the runtime itself carry a sentence, not a Python traceback.
      this.#output.append('error', result.error.traceback || result.error.message);
    }
    this.#output.flush();
    const took = formatDuration(result.durationMs);
    const error = result.error;
    if (!error) this.lastOutcome = `Finished in ${took}`;
    else if (error.kind === 'python') this.lastOutcome = `Failed with ${error.type} after ${took}`;
    else if (error.kind === 'stopped') {
      this.lastOutcome = error.type
        ? `Stopped after ${took}`
        : 'Stopped: Python was restarted, variables reset, files kept';
    } else if (error.kind === 'cancelled') this.lastOutcome = 'Cancelled before it started';
    else this.lastOutcome = 'Python crashed: run again to restart it';
  }

  #setJob(job: symbol, status: CellStatus): void {
    this.#jobs.set(job, status);
    if (this.status === 'running') this.#startTimer();
    this.#host.requestUpdate();
  }

  #afterJob(): void {
    if (this.status !== 'running') this.#stopTimer();
    this.#host.requestUpdate();
  }

  #startTimer(): void {
    this.#timer ??= setInterval(() => this.#host.requestUpdate(), 100);
  }

  #stopTimer(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
