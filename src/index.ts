import { PyStateRunnerElement } from './element/py-state-runner-element.js';
import {
  checkHistoryOptions,
  configureHistory,
  type HistoryOptions,
} from './persist/shared-state-store.js';
import { folderOf } from './runtime/default-index-url.js';
import { type RuntimeOptions, setDefaultIndexURL } from './runtime/runtime-client.js';
import { sharedRuntime } from './runtime/shared-runtime.js';

export type { PyStateRunnerEventMap } from './element/events.js';
export { PyStateRunnerElement } from './element/py-state-runner-element.js';
export type { CellStatus } from './element/run-controller.js';
export type { HistoryOptions } from './persist/shared-state-store.js';
export type {
  RunDisplayItem,
  RunError,
  RunErrorKind,
  RunResult,
  StateReport,
} from './protocol.js';
export { PythonRuntimeError, type RuntimeErrorReason } from './runtime/errors.js';
export type { RuntimeOptions } from './runtime/runtime-client.js';
export { StateFileError, type StateFileErrorReason } from './state/state-file.js';

export interface ConfigureOptions extends RuntimeOptions {
  /** Start loading Python now instead of on the first run. */
  preload?: boolean;
  /** How much history each cell keeps in this browser: `{ maxRevisions: 20, maxBytes: 500 MB }` by default. */
  history?: HistoryOptions;
}

/**
 * Sets page-wide options of the shared runtime: where the Pyodide assets
 * are, output limits, how much history each cell keeps, and whether to
 * start loading it now. A relative
 * `indexURL` resolves against the page (`document.baseURI`), as the
 * `index-url` attribute does.
 */
export function configure(options: ConfigureOptions): Promise<void> {
  const { preload, history, ...runtimeOptions } = options;
  // Resolved on the page: inside the worker, a relative URL would resolve against the worker's script.
  if (runtimeOptions.indexURL !== undefined) {
    runtimeOptions.indexURL = resolveIndexURL(runtimeOptions.indexURL);
  }
  // Every option is checked before any is applied, so a bad one changes nothing.
  if (history !== undefined) checkHistoryOptions(history);
  if (history !== undefined) configureHistory(history);
  const runtime = sharedRuntime();
  runtime.configure(runtimeOptions);
  return preload ? runtime.preload() : Promise.resolve();
}

function resolveIndexURL(indexURL: string): string {
  if (!URL.canParse(indexURL, document.baseURI)) {
    throw new TypeError(`configure(): indexURL ${JSON.stringify(indexURL)} is not a valid URL.`);
  }
  return new URL(indexURL, document.baseURI).href;
}

// The bundle's build copies Pyodide's assets next to it.
setDefaultIndexURL(folderOf(import.meta.url));

if (!customElements.get('py-state-runner')) {
  customElements.define('py-state-runner', PyStateRunnerElement);
}

declare global {
  interface HTMLElementTagNameMap {
    'py-state-runner': PyStateRunnerElement;
  }
}
