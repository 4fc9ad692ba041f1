import { assert } from 'chai';
import '../../src/index.js';
import { addCell, removeCells, uniqueName, useLocalPyodide } from '../helpers.js';

const FAILING = 'def inner(n):\n    return 10 / n\n\ndef outer():\n    return inner(0)\n\nouter()';

/** Runs FAILING in a cell of that name (in an env of its own) and gives the traceback. */
async function tracebackOf(name: string): Promise<string> {
  const cell = await addCell(FAILING, { name, env: uniqueName('traceback-env') });
  const result = await cell.run();
  assert.equal(result.error?.type, 'ZeroDivisionError');
  return result.error!.traceback;
}

function assertAllFrames(traceback: string, name: string): void {
  assert.include(traceback, `File "<${name}>", line 7, in <module>`);
  assert.include(traceback, `File "<${name}>", line 5, in outer`);
  assert.include(traceback, `File "<${name}>", line 2, in inner`);
  assert.include(traceback, 'return 10 / n', 'the source lines are shown');
}

suite('tracebacks leave out frames by exact file name', () => {
  suiteSetup(() => useLocalPyodide());
  teardown(() => removeCells());

  test('a cell named py-state-runner keeps all of its frames', async () => {
    assertAllFrames(await tracebackOf('py-state-runner'), 'py-state-runner');
  });

  test('a cell whose name contains /pyodide/ keeps all of its frames', async () => {
    const name = `${uniqueName('lib')}/pyodide/cell`;
    assertAllFrames(await tracebackOf(name), name);
  });

  test("errors raised inside the host's own code show only the cell's frames", async () => {
    const cell = await addCell(
      'import sys, time\n\ntry:\n    time.sleep(-1)\nfinally:\n    sys.stdout.write(5)',
    );
    const result = await cell.run();
    assert.equal(result.error?.type, 'TypeError', 'raised by our sys.stdout');
    const traceback = result.error!.traceback;
    assert.include(
      traceback,
      'ValueError: sleep length must be non-negative',
      'raised by our time.sleep',
    );
    assert.include(traceback, `File "<${cell.name}>", line 4, in <module>`);
    assert.include(traceback, `File "<${cell.name}>", line 6, in <module>`);
    assert.equal(traceback.match(/File "/g)?.length, 2, "the cell's two frames only");
    assert.notMatch(traceback, /_py_state_runner|sleep\.py|output\.py/);
  });
});
