import { assert } from 'chai';
import type { PyodideAPI } from 'pyodide';
import {
  assertWheelForPyodide,
  type PyodidePlatform,
  WheelTagError,
  type WheelTagErrorReason,
} from '../../src/worker/wheel-tags.js';
import { pagePyodide } from './pyodide-page.js';

const WHEELS = new URL('/test/fixtures/wheels/', location.href).href;
const GREET = `${WHEELS}psr_greet-1.0.0-py3-none-any.whl`;
const COUNTER = `${WHEELS}psr_counter-1.0.0-py3-none-any.whl`;
const NATIVE = `${WHEELS}psr_native-1.0.0-cp314-cp314-win_amd64.whl`;

/** What the bundled Pyodide says it is, from its own lock file. */
async function pyodidePlatform(): Promise<PyodidePlatform> {
  const lock = await (await fetch('/node_modules/pyodide/pyodide-lock.json')).json();
  return lock.info as PyodidePlatform;
}

suite('the test wheels in Pyodide', () => {
  let pyodide: PyodideAPI;
  let info: PyodidePlatform;

  suiteSetup(async () => {
    pyodide = await pagePyodide();
    info = await pyodidePlatform();
  });

  test('loadPackage installs the pure-Python wheels from the test server', async () => {
    const loaded = await pyodide.loadPackage([GREET, COUNTER]);
    assert.sameMembers(
      loaded.map((item) => item.name),
      ['psr_greet', 'psr_counter'],
    );
    assert.equal(pyodide.runPython('import psr_greet; psr_greet.hello("Ada")'), 'Hello, Ada!');
    assert.equal(
      pyodide.runPython('import psr_counter; psr_counter.increment(); psr_counter.increment()'),
      2,
    );
  });

  test('a missing wheel resolves loadPackage without it and reports the URL to errorCallback', async () => {
    // Pyodide does not reject: the package loader must read errorCallback and
    // the returned list to turn this into a PackageError.
    const missing = `${WHEELS}psr_missing-1.0.0-py3-none-any.whl`;
    const errors: string[] = [];
    const loaded = await pyodide.loadPackage(missing, {
      errorCallback: (message) => errors.push(message),
    });
    assert.deepEqual(loaded, []);
    assert.include(errors.join('\n'), missing);
    assert.equal(pyodide.runPython('1 + 1'), 2, 'the runtime still works');
  });

  test('the pure wheels pass the tag check for this Pyodide', () => {
    for (const url of [GREET, COUNTER]) assert.doesNotThrow(() => assertWheelForPyodide(url, info));
    const pyodideWheel = `numpy-2.2.5-cp${info.python.split('.').slice(0, 2).join('')}-cp${info.python
      .split('.')
      .slice(0, 2)
      .join('')}-pyodide_${info.abi_version}_${info.arch}.whl`;
    assert.doesNotThrow(() => assertWheelForPyodide(pyodideWheel, info));
  });

  const refusals: [string, string, WheelTagErrorReason, RegExp][] = [
    ['the Windows wheel', NATIVE, 'wrong-platform', /psr_native.*win_amd64.*Pyodide/],
    [
      'a wheel for another CPython',
      `${WHEELS}psr_old-1.0.0-cp27-cp27mu-any.whl`,
      'wrong-python',
      /psr_old.*cp27/,
    ],
    ['a URL that is not a wheel', `${WHEELS}README.md`, 'not-a-wheel', /README\.md/],
  ];
  for (const [what, url, reason, message] of refusals) {
    test(`the tag check refuses ${what} (${reason}) with a message naming it`, () => {
      let caught: unknown;
      try {
        assertWheelForPyodide(url, info);
      } catch (error) {
        caught = error;
      }
      assert.instanceOf(caught, WheelTagError);
      assert.equal((caught as WheelTagError).reason, reason);
      assert.match((caught as Error).message, message);
    });
  }

  test('loadPackage alone installs the Windows wheel: the tag check is what refuses it', async () => {
    // Pyodide 314 unpacks any wheel it is given; this test pins that finding,
    // so that the package loader keeps checking tags before loadPackage.
    const loaded = await pyodide.loadPackage(NATIVE);
    assert.deepEqual(
      loaded.map((item) => item.name),
      ['psr_native'],
    );
    assert.throws(() => assertWheelForPyodide(NATIVE, info), WheelTagError);
  });
});
