import { PyStateRunnerElement } from './element/py-state-runner-element.js';
import { type RuntimeOptions, setDefaultIndexURL } from './runtime/runtime-client.js';
import { sharedRuntime } from './runtime/shared-runtime.js';

export type { PyStateRunnerEventMap } from './element/events.js';
export { PyStateRunnerElement } from './element/py-state-runner-element.js';
export type { CellStatus } from './element/run-controller.js';
export type { RunError, RunErrorKind, RunResult, StateReport } from './protocol.js';
export type { RuntimeOptions } from './runtime/runtime-client.js';

export interface ConfigureOptions extends RuntimeOptions {
  /** Start loading Python now instead of on the first run. */
  preload?: boolean;
}

/**
 * Sets page-wide options of the shared runtime: where the Pyodide assets
 * are, output limits, and whether to start loading it now.
 */
export function configure(options: ConfigureOptions): Promise<void> {
  const { preload, ...runtimeOptions } = options;
  const runtime = sharedRuntime();
  runtime.configure(runtimeOptions);
  return preload ? runtime.preload() : Promise.resolve();
}

// The bundle's build copies Pyodide's assets next to it.
setDefaultIndexURL(new URL('./', import.meta.url).href);

if (!customElements.get('py-state-runner')) {
  customElements.define('py-state-runner', PyStateRunnerElement);
}

declare global {
  interface HTMLElementTagNameMap {
    'py-state-runner': PyStateRunnerElement;
  }
}
