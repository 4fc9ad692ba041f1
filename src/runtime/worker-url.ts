/**
 * Where the worker script is. The build rewrites this path to the worker's
 * own chunk next to the bundle (see rollup.config.mjs); tests serve the
 * TypeScript source under the same name.
 */
export function workerURL(): URL {
  return new URL('../worker/runtime.worker.js', import.meta.url);
}

/**
 * The source of a same-origin module that only imports the real worker.
 * `JSON.stringify` quotes the URL as a valid JavaScript string literal.
 */
export function workerShimSource(url: URL): string {
  return `import ${JSON.stringify(url.href)};\n`;
}

/**
 * Starts the runtime's module worker. May throw when the browser refuses to create it.
 *
 * A browser refuses `new Worker(url)` when `url` is on another origin than the
 * page, which is the case for a bundle loaded from a CDN. A `blob:` URL made
 * here belongs to the page's origin, and a module worker may import a
 * cross-origin module when it is served with CORS (as jsDelivr and unpkg do).
 * Inside the worker, `import.meta.url` of the imported module is still its
 * real URL, so the worker's relative paths keep pointing at the bundle's folder.
 * (PyScript and Monaco start their workers the same way.)
 */
export function createRuntimeWorker(): Worker {
  const shim = URL.createObjectURL(
    new Blob([workerShimSource(workerURL())], { type: 'text/javascript' }),
  );
  try {
    const worker = new Worker(shim, { type: 'module', name: 'py-state-runner' });
    // The worker fetches its script asynchronously: the blob must outlive this call. Its first
    // message or error proves the shim was read; after that the URL is only a leak.
    const revoke = () => URL.revokeObjectURL(shim);
    worker.addEventListener('message', revoke, { once: true });
    worker.addEventListener('error', revoke, { once: true });
    return worker;
  } catch (error) {
    URL.revokeObjectURL(shim);
    throw error;
  }
}
