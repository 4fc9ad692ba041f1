/**
 * Where the worker script is. The build rewrites this path to the worker's
 * own chunk next to the bundle (see rollup.config.mjs); tests serve the
 * TypeScript source under the same name.
 */
export function workerURL(): URL {
  return new URL('../worker/runtime.worker.js', import.meta.url);
}
