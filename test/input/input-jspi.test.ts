import { sendKeys } from '@web/test-runner-commands';
import { assert } from 'chai';
import '../../src/index.js';
import { accessibilityViolations } from '../axe.js';
import {
  addCell,
  button,
  nextEvent,
  outputText,
  removeCells,
  useLocalPyodide,
} from '../helpers.js';
import { hasInputField, inputField, isFocused } from './input-helpers.js';

/*
 * This page is not cross-origin isolated, as on most static hosts: input()
 * waits through JSPI (run_sync) and the answer is posted to the worker.
 */
suite('input() without cross-origin isolation (JSPI)', () => {
  suiteSetup(() => useLocalPyodide());
  teardown(() => removeCells());

  test('the page is not cross-origin isolated here', () => {
    assert.isFalse(crossOriginIsolated);
  });

  test('Run shows the prompt and a focused, labelled field; Enter sends the line', async () => {
    const cell = await addCell('name = input("Your name? ")\nprint(f"Hello, {name}!")');
    const ended = nextEvent(cell, 'run-end');
    button(cell, 'Run').click();
    const field = await inputField(cell);
    assert.include(outputText(cell), 'Your name? ');
    assert.include(field.getAttribute('aria-label')!, 'Your name?');
    assert.isTrue(isFocused(cell, field), 'a run the reader started takes the focus');
    assert.equal(cell.status, 'running');
    await sendKeys({ type: 'Ada' });
    await sendKeys({ press: 'Enter' });
    const result = (await ended).detail as { ok: boolean; stdout: string };
    assert.isTrue(result.ok);
    assert.equal(result.stdout, 'Your name? Ada\nHello, Ada!\n', 'the line is echoed as typed');
    assert.isFalse(hasInputField(cell), 'the field went away');
  });

  test('the cell waiting for input, and loading a package, has no accessibility violations', async () => {
    const cell = await addCell('input("Colour? ")');
    const running = cell.run();
    await inputField(cell);
    assert.deepEqual(await accessibilityViolations(cell), []);
    const field = await inputField(cell);
    field.focus();
    await sendKeys({ press: 'Escape' });
    await running;
    const loading = await addCell('import psr_greet', {
      packages: 'test/fixtures/wheels/psr_greet-1.0.0-py3-none-any.whl',
    });
    const checked = new Promise<string[]>((resolve) =>
      loading.addEventListener(
        'package-progress',
        () => void loading.updateComplete.then(() => resolve(accessibilityViolations(loading))),
        { once: true },
      ),
    );
    const loaded = loading.run();
    assert.deepEqual(await checked, []);
    assert.isTrue((await loaded).ok);
  });

  test('a run started from script shows the field without taking the focus', async () => {
    const cell = await addCell('input("Number? ")');
    const running = cell.run();
    const field = await inputField(cell);
    assert.isFalse(isFocused(cell, field));
    field.focus();
    await sendKeys({ type: '42' });
    await sendKeys({ press: 'Enter' });
    assert.equal((await running).result, "'42'");
  });

  test('Escape closes the field and input() raises EOFError', async () => {
    const cell = await addCell('input("Anything? ")');
    const running = cell.run();
    (await inputField(cell)).focus();
    await sendKeys({ press: 'Escape' });
    const result = await running;
    assert.equal(result.error?.kind, 'python');
    assert.equal(result.error?.type, 'EOFError');
    assert.isFalse(hasInputField(cell));
  });

  test('sys.stdin.readline() and sys.stdin.read() ask the same way', async () => {
    const cell = await addCell(
      'import sys\nfirst = sys.stdin.readline()\nrest = sys.stdin.read()\n(first, rest)',
    );
    const running = cell.run();
    for (const line of ['one', 'two', 'three']) {
      (await inputField(cell)).focus();
      await sendKeys({ type: line });
      await sendKeys({ press: 'Enter' });
      // The next field replaces this one once Python asks again.
    }
    (await inputField(cell)).focus();
    await sendKeys({ press: 'Escape' });
    const result = await running;
    assert.isTrue(result.ok, result.error?.traceback);
    assert.equal(result.result, "('one\\n', 'two\\nthree\\n')");
  });

  test('Stop while input() waits ends the run (a restart here) and the field goes away', async () => {
    const cell = await addCell('input("Waiting: ")');
    const running = cell.run();
    await inputField(cell);
    await cell.stop();
    const result = await running;
    assert.equal(result.error?.kind, 'stopped');
    assert.isFalse(hasInputField(cell));
    const after = await addCell('print("still here")');
    assert.equal((await after.run()).stdout, 'still here\n');
  });
});
