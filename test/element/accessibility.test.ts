import { emulateMedia } from '@web/test-runner-commands';
import { assert } from 'chai';
import '../../src/index.js';
import { accessibilityViolations } from '../axe.js';
import { addCell, button, nextEvent, removeCells, until, useLocalPyodide } from '../helpers.js';

suite('accessibility of every state the cell can show (axe-core)', () => {
  suiteSetup(() => useLocalPyodide());
  teardown(() => removeCells());

  test('loading, running and queued', async () => {
    const first = await addCell(
      'import time\nend = time.time() + 3\nwhile time.time() < end:\n    pass',
    );
    const second = await addCell('print(2)');
    const running = first.run();
    const queued = second.run();
    assert.equal(first.status, 'loading', 'this is the first run of the page');
    await first.updateComplete;
    assert.deepEqual(await accessibilityViolations(first), [], 'loading');
    await until(() => first.status === 'running', 'running');
    await Promise.all([first.updateComplete, second.updateComplete]);
    assert.deepEqual(await accessibilityViolations(first), [], 'running');
    assert.equal(second.status, 'queued');
    assert.deepEqual(await accessibilityViolations(second), [], 'queued');
    await Promise.all([running, queued]);
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`idle, then with output and an error, in the ${colorScheme} scheme`, async () => {
      await emulateMedia({ colorScheme });
      try {
        const cell = await addCell('import sys\nprint("out")\nprint("err", file=sys.stderr)\n1/0');
        const background = getComputedStyle(cell).backgroundColor;
        assert.equal(background, colorScheme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)');
        assert.deepEqual(await accessibilityViolations(cell), [], 'idle');
        await cell.run();
        await cell.updateComplete;
        assert.deepEqual(await accessibilityViolations(cell), [], 'after the run');
      } finally {
        await emulateMedia({ colorScheme: 'light' });
      }
    });
  }

  test('the Clear confirmation, the Undo offer and an error message', async () => {
    const cell = await addCell('open("x.txt", "w").write("x")');
    await cell.run();
    button(cell, 'Clear').click();
    await cell.updateComplete;
    assert.deepEqual(await accessibilityViolations(cell), [], 'confirmation');
    const cleared = nextEvent(cell, 'state-cleared');
    button(cell, 'Clear everything').click();
    await cleared;
    await cell.updateComplete;
    assert.deepEqual(await accessibilityViolations(cell), [], 'undo offer');
    await cell.loadState(new Blob(['not json'])).catch(() => {});
    await cell.updateComplete;
    assert.deepEqual(await accessibilityViolations(cell), [], 'error message');
  });
});
