import { sendKeys } from '@web/test-runner-commands';
import { assert } from 'chai';
import '../../src/index.js';
import {
  addCell,
  button,
  nextEvent,
  outputText,
  removeCells,
  uniqueName,
  useLocalPyodide,
} from '../helpers.js';

suite('running from the keyboard and the Run button', () => {
  suiteSetup(() => useLocalPyodide());
  teardown(() => removeCells());

  function editorContent(cell: HTMLElement): HTMLElement {
    return cell.shadowRoot!.querySelector<HTMLElement>('.cm-content')!;
  }

  test('the Run button runs the code', async () => {
    const cell = await addCell('print("clicked")');
    const ended = nextEvent<{ stdout: string }>(cell, 'run-end');
    button(cell, 'Run').click();
    assert.equal((await ended).detail.stdout, 'clicked\n');
  });

  for (const modifier of ['Control', 'Meta', 'Shift']) {
    test(`${modifier}-Enter in the editor runs the code and inserts no newline`, async () => {
      const cell = await addCell('print("keyed")');
      editorContent(cell).focus();
      const ended = nextEvent<{ stdout: string }>(cell, 'run-end');
      await sendKeys({ down: modifier });
      await sendKeys({ press: 'Enter' });
      await sendKeys({ up: modifier });
      assert.equal((await ended).detail.stdout, 'keyed\n');
      assert.equal(cell.code, 'print("keyed")');
    });
  }

  test('autorun runs the code once, by itself, as soon as Python is ready', async () => {
    const cell = document.createElement('py-state-runner');
    cell.setAttribute('name', uniqueName('autorun'));
    cell.setAttribute('autorun', '');
    cell.textContent = 'print("ran by itself")';
    let starts = 0;
    cell.addEventListener('run-start', () => {
      starts += 1;
    });
    const ended = nextEvent<{ stdout: string }>(cell, 'run-end');
    document.body.append(cell);
    assert.equal((await ended).detail.stdout, 'ran by itself\n');
    assert.equal(starts, 1);
    assert.equal(outputText(cell), 'ran by itself\n');
  });

  test('Tab indents in the editor; Escape then Tab moves focus out', async () => {
    const cell = await addCell('x = 1');
    const content = editorContent(cell);
    content.focus();
    await sendKeys({ press: 'Home' });
    await sendKeys({ press: 'Tab' });
    assert.match(cell.code, /^\s+x = 1$/);
    assert.strictEqual(cell.shadowRoot!.activeElement, content);
    await sendKeys({ press: 'Escape' });
    await sendKeys({ press: 'Tab' });
    assert.notStrictEqual(cell.shadowRoot!.activeElement, content, 'focus left the editor');
  });

  test('the editor does not take focus by itself', async () => {
    const before = document.activeElement;
    await addCell('print(1)');
    assert.strictEqual(document.activeElement, before);
  });
});
