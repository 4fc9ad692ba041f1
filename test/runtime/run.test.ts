import { assert } from 'chai';
import '../../src/index.js';
import { addCell, removeCells, useLocalPyodide } from '../helpers.js';

suite('run() on the real runtime', () => {
  suiteSetup(() => useLocalPyodide());
  teardown(() => removeCells());

  test('returns stdout, stderr and the repr of the last expression', async () => {
    const cell = await addCell(
      'import sys\nprint("hello")\nprint("oops", file=sys.stderr)\n{"a": 1}',
    );
    const result = await cell.run();
    assert.isTrue(result.ok);
    assert.equal(result.stdout, 'hello\n');
    assert.equal(result.stderr, 'oops\n');
    assert.equal(result.result, "{'a': 1}");
  });
});
