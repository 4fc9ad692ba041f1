import { PyStateRunnerElement } from './element/py-state-runner-element.js';
import {
  checkHistoryOptions,
  configureHistory,
  type HistoryOptions,
} from './persist/shared-state-store.js';
import { folderOf } from './runtime/default-index-url.js';
import { parsePackageSpecs } from './runtime/package-specs.js';
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
export { PackageSpecError } from './runtime/package-specs.js';
export type { RuntimeOptions } from './runtime/runtime-client.js';
export { StateFileError, type StateFileErrorReason } from './state/state-file.js';

export interface ConfigureOptions extends Omit<RuntimeOptions, 'packages'> {
  /** Start loading Python now instead of on the first run. */
  preload?: boolean;
  /** How much history each cell keeps in this browser: `{ maxRevisions: 20, maxBytes: 500 MB }` by default. */
  history?: HistoryOptions;
  /**
   * Packages every cell loads before its first run, as a list or a space- or
   * comma-separated string: Pyodide package names, PyPI names (micropip) or
   * wheel URLs (relative ones resolve against the page).
   */
  packages?: string | string[];
}

/**
 * Sets page-wide options of the shared runtime: where the Pyodide assets
 * are, output limits, how much history each cell keeps, and whether to
 * start loading it now. A relative
 * `indexURL` resolves against the page (`document.baseURI`), as the
 * `index-url` attribute does.
 */
export function configure(options: ConfigureOptions): Promise<void> {
  const { preload, history, packages, ...rest } = options;
  const runtimeOptions: RuntimeOptions = rest;
  // Resolved on the page: inside the worker, a relative URL would resolve against the worker's script.
  for (const key of ['indexURL', 'packageBaseURL', 'lockFileURL'] as const) {
    const url = runtimeOptions[key];
    if (url !== undefined) runtimeOptions[key] = resolveURL(key, url);
  }
  // Every option is checked before any is applied, so a bad one changes nothing.
  if (history !== undefined) checkHistoryOptions(history);
  if (packages !== undefined)
    runtimeOptions.packages = parsePackageSpecs(packages, document.baseURI);
  if (history !== undefined) configureHistory(history);
  const runtime = sharedRuntime();
  runtime.configure(runtimeOptions);
  return preload ? runtime.preload() : Promise.resolve();
}

function resolveURL(option: string, url: string): string {
  if (!URL.canParse(url, document.baseURI)) {
    throw new TypeError(`configure(): ${option} ${JSON.stringify(url)} is not a valid URL.`);
  }
  const href = new URL(url, document.baseURI).href;
  // A folder: Pyodide appends the lock file's file names to it.
  return option === 'packageBaseURL' && !href.endsWith('/') ? `${href}/` : href;
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
