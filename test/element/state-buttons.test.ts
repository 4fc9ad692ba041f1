import { sendKeys } from '@web/test-runner-commands';
import { assert } from 'chai';
import type { PyStateRunnerElement } from '../../src/index.js';
import {
  addCell,
  button,
  captureDownload,
  evaluate,
  nextEvent,
  removeCells,
  stubFilePicker,
  until,
  useLocalPyodide,
} from '../helpers.js';

function messageText(cell: PyStateRunnerElement): string {
  return (
    cell.shadowRoot!.querySelector('[part=message]')?.textContent?.replace(/\s+/g, ' ').trim() ?? ''
  );
}

function dropFiles(target: HTMLElement, files: File[]): void {
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  for (const type of ['dragenter', 'dragover', 'drop']) {
    target.dispatchEvent(
      new DragEvent(type, {
        dataTransfer: transfer,
        bubbles: true,
        cancelable: true,
        composed: true,
      }),
    );
  }
}

suite('the state buttons and drag-and-drop', () => {
  suiteSetup(() => useLocalPyodide());
  teardown(() => removeCells());

  test('toolbar buttons have accessible names that start with their word', async () => {
    const cell = await addCell('1');
    for (const word of ['Run', 'Stop', 'Save', 'Load', 'Clear']) {
      const found = button(cell, word);
      assert.match(
        (found.getAttribute('aria-label') ?? found.textContent ?? '').trim(),
        new RegExp(`^${word}`),
      );
    }
  });

  test('Save downloads the state file; Load with the picker brings it back into another cell', async () => {
    const cell = await addCell('value = 7\nopen("data.txt", "w").write("saved text")');
    await cell.run();
    const download = await captureDownload(() => button(cell, 'Save').click());
    assert.match(download.name, new RegExp(`^${cell.name}-\\d{8}-\\d{6}\\.pystate\\.json$`));
    const file = new File([download.blob], download.name, { type: 'application/json' });

    const other = await addCell('print("other")');
    const input = other.shadowRoot!.querySelector<HTMLInputElement>('input[type=file]')!;
    const isPickerOpened = stubFilePicker(input);
    button(other, 'Load').click();
    assert.isTrue(isPickerOpened(), 'Load opens the file picker');
    const transfer = new DataTransfer();
    transfer.items.add(file);
    input.files = transfer.files;
    const loaded = nextEvent(other, 'state-loaded');
    input.dispatchEvent(new Event('change'));
    await loaded;
    assert.equal(other.code, 'value = 7\nopen("data.txt", "w").write("saved text")');
    assert.equal(await evaluate(other, 'open("data.txt").read()'), "'saved text'");
    await other.updateComplete;
    assert.include(messageText(other), download.name);
  });

  test('Clear asks inline first; Cancel keeps everything', async () => {
    const cell = await addCell('value = 1\nopen("keep.txt", "w").write("k")');
    await cell.run();
    button(cell, 'Clear').click();
    await cell.updateComplete;
    const dialog = cell.shadowRoot!.querySelector('[role=alertdialog]')!;
    assert.include(dialog.textContent!, `Clear all files and variables of ${cell.name}?`);
    button(cell, 'Cancel').click();
    await cell.updateComplete;
    assert.isNull(cell.shadowRoot!.querySelector('[role=alertdialog]'));
    assert.equal(await evaluate(cell, 'open("keep.txt").read() + str(value)'), "'k1'");
  });

  test('Clear everything empties the cell; Undo puts files and variables back', async () => {
    const cell = await addCell('value = 1\nopen("keep.txt", "w").write("k")');
    await cell.run();
    button(cell, 'Clear').click();
    await cell.updateComplete;
    const cleared = nextEvent(cell, 'state-cleared');
    button(cell, 'Clear everything').click();
    await cleared;
    await cell.updateComplete;
    assert.include(messageText(cell), 'Cleared');
    assert.deepEqual((await cell.inspectState()).files, []);
    const undo = button(cell, 'Undo');
    undo.click();
    await until(() => messageText(cell).includes('Put back'), 'the undo');
    assert.equal(await evaluate(cell, 'open("keep.txt").read() + str(value)'), "'k1'");
  });

  test('from the keyboard: Clear puts focus on Cancel, Escape cancels and returns to Clear', async () => {
    const cell = await addCell('open("k.txt", "w").write("k")');
    await cell.run();
    const clear = button(cell, 'Clear');
    clear.focus();
    clear.click();
    await cell.updateComplete;
    await cell.updateComplete;
    assert.strictEqual(cell.shadowRoot!.activeElement, button(cell, 'Cancel'));
    await sendKeys({ press: 'Escape' });
    await cell.updateComplete;
    await cell.updateComplete;
    assert.isNull(cell.shadowRoot!.querySelector('[role=alertdialog]'));
    assert.strictEqual(cell.shadowRoot!.activeElement, button(cell, 'Clear'));
    button(cell, 'Clear').click();
    await cell.updateComplete;
    const cleared = nextEvent(cell, 'state-cleared');
    button(cell, 'Clear everything').click();
    await cleared;
    await cell.updateComplete;
    await cell.updateComplete;
    assert.strictEqual(
      cell.shadowRoot!.activeElement,
      button(cell, 'Undo'),
      'Undo is one key away',
    );
  });

  test('a run after Clear ends the Undo offer', async () => {
    const cell = await addCell('open("x.txt", "w").write("x")');
    await cell.run();
    await cell.clearState();
    await cell.updateComplete;
    assert.isNotNull(
      [...cell.shadowRoot!.querySelectorAll('button')].find(
        (b) => b.textContent!.trim() === 'Undo',
      ),
    );
    cell.code = 'open("y.txt", "w").write("y")';
    await cell.run();
    await cell.updateComplete;
    assert.isUndefined(
      [...cell.shadowRoot!.querySelectorAll('button')].find(
        (b) => b.textContent!.trim() === 'Undo',
      ),
    );
    assert.deepEqual(
      (await cell.inspectState()).files.map((file) => file.path),
      ['y.txt'],
    );
  });

  test('dropping a state file on the cell loads it', async () => {
    const source = await addCell('open("dropped.txt", "w").write("via drop")');
    await source.run();
    const blob = await source.saveState();
    const target = await addCell('1');
    const loaded = nextEvent(target, 'state-loaded');
    dropFiles(target, [new File([blob], 'renamed.json', { type: 'application/json' })]);
    await loaded;
    assert.equal(await evaluate(target, 'open("dropped.txt").read()'), "'via drop'");
  });

  test('dropping a broken state file shows the error and changes nothing', async () => {
    const cell = await addCell('open("mine.txt", "w").write("mine")');
    await cell.run();
    const failed = nextEvent<Error>(cell, 'state-error');
    dropFiles(cell, [
      new File(['{"format": "py-state-runner", "version": 9}'], 'future.pystate.json'),
    ]);
    assert.match((await failed).detail.message, /made by a newer version/);
    await cell.updateComplete;
    assert.match(messageText(cell), /made by a newer version/);
    assert.equal(await evaluate(cell, 'open("mine.txt").read()'), "'mine'");
  });

  test('dropping an ordinary file on the cell adds it to the folder and shows it in the State panel', async () => {
    const cell = await addCell('print(open("numbers.csv").read())');
    dropFiles(cell, [new File(['n\r\n1\r\n2\r\n'], 'numbers.csv', { type: 'text/csv' })]);
    const panel = () => cell.shadowRoot!.querySelector('#state-panel');
    await until(
      () => (panel()?.textContent ?? '').includes('Added numbers.csv'),
      'the file to be added',
    );
    assert.equal(button(cell, 'State').getAttribute('aria-expanded'), 'true');
    const result = await cell.run();
    assert.equal(result.stdout, 'n\n1\n2\n\n');
  });
});
