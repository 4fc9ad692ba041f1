import { assert } from 'chai';
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { PYTHON_PACKAGE, writePythonPackage } from '../../src/worker/python-package.js';
import { PYODIDE_URL } from '../helpers.js';

/*
 * Where neither shared memory nor JSPI can make Python wait (a plain page in
 * a browser without JSPI), input() must fail at once with a reason. Python
 * run synchronously (runPython) cannot use run_sync even in this Chromium,
 * so it stands in for such a browser.
 */
suite('input() where Python cannot wait for the page', () => {
  let pyodide: PyodideAPI;
  let asked = 0;

  suiteSetup(async () => {
    pyodide = await loadPyodide({ indexURL: PYODIDE_URL, stdout: () => {}, stderr: () => {} });
    writePythonPackage(pyodide.FS, '/tmp/stdin-fallback-test');
    pyodide.pyimport('sys').path.insert(0, '/tmp/stdin-fallback-test');
    pyodide.pyimport(`${PYTHON_PACKAGE}.stdin`).install({
      ask_async: () => {
        asked += 1;
        return new Promise(() => {});
      },
    });
  });

  for (const [what, code] of [
    ['input()', 'input("Name? ")'],
    ['sys.stdin.readline()', 'import sys; sys.stdin.readline()'],
    ['sys.stdin.read()', 'import sys; sys.stdin.read()'],
  ]) {
    test(`${what} raises a RuntimeError that says what it needs, and never asks the page`, () => {
      let message = '';
      try {
        pyodide.runPython(code);
      } catch (error) {
        message = (error as Error).message;
      }
      assert.include(message, 'RuntimeError');
      assert.include(message, 'cross-origin isolated');
      assert.include(message, 'JSPI');
      assert.equal(asked, 0, 'nothing was left waiting');
    });
  }
});
