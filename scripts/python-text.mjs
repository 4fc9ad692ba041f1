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

/** @web/dev-server: serves an imported `.py` as that module. */
export function pythonTextDevServer() {
  return {
    name: 'python-text',
    resolveMimeType(context) {
      if (context.path.endsWith('.py')) return 'js';
      return undefined;
    },
    transform(context) {
      if (!context.path.endsWith('.py')) return undefined;
      return { body: pythonModule(context.body) };
    },
  };
}
