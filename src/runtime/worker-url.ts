/**
 * Where the worker script is. The build rewrites this path to the worker's
 * own chunk next to the bundle (see rollup.config.mjs); tests serve the
 * TypeScript source under the same name.
 */
export function workerURL(): URL {
  return new URL('../worker/runtime.worker.js', import.meta.url);
}

/** Starts the runtime's module worker. May throw when the browser refuses to create it. */
export function createRuntimeWorker(): Worker {
  return new Worker(workerURL(), { type: 'module', name: 'py-state-runner' });
}
