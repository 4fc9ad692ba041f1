import { assert } from 'chai';
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { bytecodeURL } from '../../src/runtime/worker-url.js';
import { parseBytecode } from '../../src/worker/python-bytecode.js';
import {
  PYTHON_FILES,
  PYTHON_PACKAGE,
  type PythonBytecode,
  writePythonPackage,
} from '../../src/worker/python-package.js';
import { PYODIDE_URL } from '../helpers.js';

/*
 * The worker writes the build's bytecode beside the package's sources, so a
 * boot compiles none of them; and it must never run bytecode that is not the
 * compiled form of the source beside it. The bytecode here is the file the
 * client points the worker at, made by the test server with the build's code.
 */
suite('the Python package loads from the bytecode the build compiled', () => {
  let pyodide: PyodideAPI;
  let bytecode: PythonBytecode;
  let folder = 0;

  suiteSetup(async () => {
    const response = await fetch(bytecodeURL());
    assert.isTrue(response.ok, `${bytecodeURL()}: HTTP ${response.status}`);
    const parsed = parseBytecode(await response.text());
    assert.exists(parsed, 'the bytecode file parses');
    bytecode = parsed!;
    pyodide = await loadPyodide({ indexURL: PYODIDE_URL, stdout: () => {}, stderr: () => {} });
    // Counts the modules of the package that the import system compiles from source.
    pyodide.runPython(`
import importlib._bootstrap_external as external
compiled = []
_source_to_code = external.SourceLoader.source_to_code
def _counting(self, data, path, *args, **kwargs):
    compiled.append(path.rpartition("/")[2])
    return _source_to_code(self, data, path, *args, **kwargs)
external.SourceLoader.source_to_code = _counting
`);
  });

  /** Writes the package to a folder of its own and makes that the one `import` finds. */
  function writePackage(): string {
    folder += 1;
    const path = `/tmp/python-bytecode-test-${folder}`;
    writePythonPackage(pyodide.FS, path, bytecode);
    pyodide.runPython(`
import sys
for name in [name for name in sys.modules if name.partition(".")[0] == "${PYTHON_PACKAGE}"]:
    del sys.modules[name]
sys.path.insert(0, "${path}")
compiled.clear()
`);
    return path;
  }

  /** Where this Python looks for a module's bytecode: `__pycache__/<module>.<tag>.pyc`. */
  function pycOf(path: string, module: string): string {
    const tag = pyodide.runPython('import sys; sys.implementation.cache_tag');
    return `${path}/${PYTHON_PACKAGE}/__pycache__/${module}.${tag}.pyc`;
  }

  function compiled(): string[] {
    return pyodide.runPython('sorted(compiled)').toJs();
  }

  test('importing every module of the package compiles none of them', () => {
    const path = writePackage();
    pyodide.pyimport(`${PYTHON_PACKAGE}.host`);
    pyodide.pyimport(`${PYTHON_PACKAGE}.snapshot`);
    assert.deepEqual(compiled(), []);
    for (const name of Object.keys(PYTHON_FILES)) {
      const pyc = pycOf(path, name.replace(/\.py$/, ''));
      assert.isTrue(pyodide.FS.analyzePath(pyc).exists, `${pyc}, for the Python that Pyodide runs`);
    }
  });

  test('a source that is not the one compiled is compiled and run, not its old bytecode', () => {
    const path = writePackage();
    const edited = `${PYTHON_FILES['values.py']}\nEDITED = True\n`;
    pyodide.FS.writeFile(`${path}/${PYTHON_PACKAGE}/values.py`, edited);
    const values = pyodide.pyimport(`${PYTHON_PACKAGE}.values`);
    assert.isTrue(values.EDITED);
    assert.deepEqual(compiled(), ['values.py']);
  });

  test('bytecode of another Python (another magic number) is passed over for the source', () => {
    const path = writePackage();
    const pyc = pycOf(path, 'values');
    const bytes = (pyodide.FS.readFile(pyc) as Uint8Array).slice();
    bytes[0] = (bytes[0]! + 1) % 256;
    pyodide.FS.writeFile(pyc, bytes);
    const values = pyodide.pyimport(`${PYTHON_PACKAGE}.values`);
    assert.equal(values.PREVIEW_CELL_CHARS, 200);
    assert.deepEqual(compiled(), ['values.py']);
  });

  test('the bytecode is for the Python that Pyodide runs, and has every module', () => {
    assert.equal(bytecode.cacheTag, pyodide.runPython('import sys; sys.implementation.cache_tag'));
    assert.sameMembers([...bytecode.files.keys()], Object.keys(PYTHON_FILES));
  });
});

suite('a bytecode file that is not one is not used', () => {
  const pyc = btoa('not a pyc');
  for (const [what, text] of [
    ['not JSON', '<!doctype html><title>404</title>'],
    ['no cache tag', JSON.stringify({ files: { 'host.py': pyc } })],
    ['a cache tag that is a path', JSON.stringify({ cacheTag: '../x', files: {} })],
    [
      'a file that is not a module of the package',
      JSON.stringify({ cacheTag: 'cpython-314', files: { '../host.py': pyc } }),
    ],
    [
      'a file that is not base64',
      JSON.stringify({ cacheTag: 'cpython-314', files: { 'host.py': '%%' } }),
    ],
  ] as const) {
    test(what, () => {
      assert.isUndefined(parseBytecode(text));
    });
  }
});
