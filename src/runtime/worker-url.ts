import { LISTED_DATABASES, PRELOADED_LOADER } from '../protocol.js';

/**
 * Where the worker script is. The build rewrites this path to the worker's
 * own chunk next to the bundle (see rollup.config.mjs); tests serve the
 * TypeScript source under the same name.
 */
export function workerURL(): URL {
  return new URL('../worker/runtime.worker.js', import.meta.url);
}

/**
 * The build's bytecode of the worker's Python (scripts/python-bytecode.mjs),
 * which the worker fetches while Pyodide boots. The build rewrites this path
 * to the file next to the bundle, which bundlers then emit as they emit the
 * worker; the test server makes the file from src/worker/python/.
 */
export function bytecodeURL(): URL {
  return new URL('../worker/python/bytecode.json', import.meta.url);
}

/**
 * The source of a same-origin module that imports the real worker and, when
 * `preload` names Pyodide's loader, fetches that alongside (the worker would
 * only ask for it once its own script ran, ~15 ms later) and leaves the
 * promise of that import for the worker (see `PRELOADED_LOADER`); it also
 * asks for the list of IndexedDB databases, which the snapshot lookup takes
 * (see `LISTED_DATABASES`). Messages that come while the worker script loads
 * are held and dispatched, in order, once its listener exists. A worker
 * script that cannot load still fails the module, and so fires the worker's
 * `error` event; a failed preload fails the worker's boot, which says what
 * failed. `JSON.stringify` quotes each URL as a valid JavaScript string
 * literal.
 */
export function workerShimSource(url: URL, preload?: string): string {
  if (preload === undefined) return `import ${JSON.stringify(url.href)};\n`;
  return [
    'const held = [];',
    'const hold = (event) => {',
    '  held.push(event);',
    '  event.stopImmediatePropagation();',
    '};',
    "self.addEventListener('message', hold);",
    `const loader = import(${JSON.stringify(preload)});`,
    'loader.catch(() => {});',
    `self[Symbol.for(${JSON.stringify(PRELOADED_LOADER)})] = { url: ${JSON.stringify(preload)}, loader };`,
    "if (typeof indexedDB !== 'undefined' && typeof indexedDB.databases === 'function') {",
    '  const listing = indexedDB.databases();',
    '  listing.catch(() => {});',
    `  self[Symbol.for(${JSON.stringify(LISTED_DATABASES)})] = listing;`,
    '}',
    'try {',
    `  await import(${JSON.stringify(url.href)});`,
    '} finally {',
    "  self.removeEventListener('message', hold);",
    '}',
    'for (const { data, ports } of held) {',
    "  self.dispatchEvent(new MessageEvent('message', { data, ports: [...ports] }));",
    '}',
    '',
  ].join('\n');
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
 * (PyScript and Monaco start their workers the same way.) `preload`: the
 * URL of Pyodide's loader, `pyodide.mjs`, exactly as the worker will import it.
 */
export function createRuntimeWorker(preload?: string): Worker {
  const shim = URL.createObjectURL(
    new Blob([workerShimSource(workerURL(), preload)], { type: 'text/javascript' }),
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
