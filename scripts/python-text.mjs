/**
 * `.py` files imported from TypeScript become `export default "<source>"`,
 * the same way in the build (rollup) and in the test server
 * (web-test-runner): one transform, two thin plugins.
 */

/** The one transform: a Python file's text as an ES module. */
export function pythonModule(source) {
  return `export default ${JSON.stringify(source)};\n`;
}

/** Rollup: `import text from './x.py'`. */
export function pythonTextRollup() {
  return {
    name: 'python-text',
    transform(source, id) {
      if (!id.endsWith('.py')) return null;
      return { code: pythonModule(source), map: { mappings: '' } };
    },
  };
}

/**
 * A `.py` requested by an `import` (in the page or a worker), not by a
 * `fetch()`: a cell's `src="code.py"` must still get the file's own text.
 */
function isImported(context) {
  const destination = context.get('sec-fetch-dest');
  return context.path.endsWith('.py') && (destination === 'script' || destination === 'worker');
}

/** @web/dev-server: serves an imported `.py` as that module. */
export function pythonTextDevServer() {
  return {
    name: 'python-text',
    resolveMimeType(context) {
      return isImported(context) ? 'js' : undefined;
    },
    // The server caches transforms by URL: an import and a fetch of one file differ.
    transformCacheKey(context) {
      return isImported(context) ? 'python-module' : undefined;
    },
    transform(context) {
      if (!isImported(context)) return undefined;
      return { body: pythonModule(context.body) };
    },
  };
}
