import { sendKeys } from '@web/test-runner-commands';
import { assert } from 'chai';
import '../../src/index.js';
import {
  addCell,
  button,
  nextEvent,
  outputText,
  removeCells,
  useLocalPyodide,
} from '../helpers.js';
import { hasInputField, inputField, isFocused } from '../input/input-helpers.js';

/*
 * A cross-origin isolated page: input() blocks on shared memory that the page
 * fills, and Stop raises KeyboardInterrupt in the waiting input().
 */
suite('input() on a cross-origin isolated page (SharedArrayBuffer)', () => {
  suiteSetup(() => useLocalPyodide());
  teardown(() => removeCells());

  test('the page is cross-origin isolated here', () => {
    assert.isTrue(crossOriginIsolated);
  });

  test('Run shows the prompt and a focused field; Enter sends the line, non-ASCII included', async () => {
    const cell = await addCell('name = input("Your name? ")\nprint(f"Hello, {name}!")');
    const ended = nextEvent(cell, 'run-end');
    button(cell, 'Run').click();
    const field = await inputField(cell);
    assert.include(outputText(cell), 'Your name? ');
    assert.isTrue(isFocused(cell, field));
    await sendKeys({ type: 'Zoë 🐍' });
    await sendKeys({ press: 'Enter' });
    const result = (await ended).detail as { ok: boolean; stdout: string };
    assert.isTrue(result.ok);
    assert.equal(result.stdout, 'Your name? Zoë 🐍\nHello, Zoë 🐍!\n');
    assert.isFalse(hasInputField(cell));
  });

  test('Escape gives EOFError, and sys.stdin.readline() returns "" at the end', async () => {
    const cell = await addCell(
      'import sys\nline = sys.stdin.readline()\ntry:\n    input()\nexcept EOFError:\n    print("EOF")\nline',
    );
    const running = cell.run();
    (await inputField(cell)).focus();
    await sendKeys({ press: 'Escape' });
    (await inputField(cell)).focus();
    await sendKeys({ press: 'Escape' });
    const result = await running;
    assert.isTrue(result.ok, result.error?.traceback);
    assert.equal(result.stdout, 'EOF\n');
    assert.equal(result.result, "''");
  });

  test('Stop while input() waits raises KeyboardInterrupt, keeps variables, and the field goes away', async () => {
    const cell = await addCell('kept = 1\ninput("Waiting: ")');
    const running = cell.run();
    await inputField(cell);
    await cell.stop();
    const result = await running;
    assert.equal(result.error?.kind, 'stopped');
    assert.equal(result.error?.type, 'KeyboardInterrupt', 'interrupted, not restarted');
    assert.isFalse(hasInputField(cell));
    cell.code = 'kept';
    assert.equal((await cell.run()).result, '1');
  });
});
