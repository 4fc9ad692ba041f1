/**
 * The worker's Python compiled to bytecode at build time, with the Pyodide the
 * bundle ships (node_modules/pyodide), so that a boot does not compile it
 * (~30 ms of each first run on this machine). One JSON file next to the
 * bundle, `py-state-runner-bytecode.json`: `{ cacheTag, files: { "<module>.py": "<base64 .pyc>" } }`.
 * The bundle points the worker at it; the worker fetches it while Pyodide
 * boots and takes it only if it has arrived (src/worker/python-bytecode.ts),
 * so it never delays a start, and the worker script stays as small as before.
 *
 * Each `.pyc` is checked-hash (PEP 552): Python loads it only if it holds the
 * hash of the very source beside it, and compiles that source otherwise, so
 * it can never run code other than its source's. Docstrings are left out
 * (optimize=2); the package reads none and has no `assert`.
 */

import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPyodide } from 'pyodide';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const PYTHON_FOLDER = join(root, 'src', 'worker', 'python');

/** Where the bundle finds the file, next to itself (see rollup.config.mjs). */
export const BYTECODE_FILE = 'py-state-runner-bytecode.json';

/** Where the test server serves it: the path `bytecodeURL()` in src/runtime/worker-url.ts names. */
const DEV_PATH = '/src/worker/python/bytecode.json';

let booting;

/** One Node Pyodide per build or test server, booted on first need. */
function pyodide() {
  booting ??= loadPyodide({ stdout: () => {}, stderr: () => {} }).then((py) => {
    py.runPython(`
import py_compile
import sys

def _psr_pyc(source, filename):
    with open("/tmp/psr_source.py", "w", encoding="utf-8", newline="") as file:
        file.write(source)
    compiled = py_compile.compile(
        "/tmp/psr_source.py",
        cfile="/tmp/psr_source.pyc",
        dfile=filename,
        doraise=True,
        optimize=2,
        invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH,
    )
    with open(compiled, "rb") as file:
        return file.read()
`);
    return py;
  });
  return booting;
}

/** The `.pyc` of one module's source, for `sys.implementation.cache_tag` of this Pyodide. */
export async function compilePython(source, filename) {
  const py = await pyodide();
  const compile = py.globals.get('_psr_pyc');
  try {
    const pyc = compile(source, filename);
    try {
      return pyc.toJs();
    } finally {
      pyc.destroy();
    }
  } finally {
    compile.destroy();
  }
}

/** The last file made, and the sources it was made from. */
let made;

/**
 * The bytecode file: every module of src/worker/python, compiled from the text on disk now.
 * Sources that did not change since the last call are not compiled again (the test server asks
 * once per worker that boots; compiling them all takes ~60 ms).
 */
export async function pythonBytecodeJSON() {
  const names = (await readdir(PYTHON_FOLDER)).filter((name) => name.endsWith('.py')).sort();
  const sources = await Promise.all(
    names.map((name) => readFile(join(PYTHON_FOLDER, name), 'utf8')),
  );
  const key = JSON.stringify([names, sources]);
  if (made?.key === key) return made.json;
  const py = await pyodide();
  const files = {};
  for (const [index, name] of names.entries()) {
    files[name] = Buffer.from(await compilePython(sources[index], name)).toString('base64');
  }
  const cacheTag = py.runPython('sys.implementation.cache_tag');
  made = { key, json: `${JSON.stringify({ cacheTag, files })}\n` };
  return made.json;
}

/** Rollup: emits the file next to the bundle. */
export function pythonBytecodeRollup() {
  return {
    name: 'python-bytecode',
    async generateBundle() {
      this.emitFile({ type: 'asset', fileName: BYTECODE_FILE, source: await pythonBytecodeJSON() });
    },
  };
}

/** @web/dev-server: serves the file where the sources name it, made from the files as they are. */
export function pythonBytecodeDevServer() {
  return {
    name: 'python-bytecode',
    async serve(context) {
      if (context.path !== DEV_PATH) return undefined;
      return { body: await pythonBytecodeJSON(), type: 'json' };
    },
  };
}
