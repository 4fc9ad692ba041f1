import { assert } from 'chai';
import type { PyStateRunnerElement } from '../../src/index.js';
import {
  addCell,
  button,
  evaluate,
  nextEvent,
  removeCells,
  uniqueName,
  until,
  useLocalPyodide,
} from '../helpers.js';

function messageText(cell: PyStateRunnerElement): string {
  return cell.shadowRoot!.querySelector('[part=message]')?.textContent ?? '';
}

suite('Undo after Clear targets the env that was cleared', () => {
  suiteSetup(() => useLocalPyodide());
  teardown(() => removeCells());

  test('changing env between Clear and Undo puts the data back where it was', async () => {
    const cleared = uniqueName('cleared');
    const cell = await addCell('value = 1\nopen("keep.txt", "w").write("k")', { env: cleared });
    assert.isTrue((await cell.run()).ok);
    const done = nextEvent(cell, 'state-cleared');
    await cell.clearState();
    await done;
    await cell.updateComplete;
    cell.env = uniqueName('elsewhere');
    await cell.updateComplete;
    button(cell, 'Undo').click();
    await until(() => messageText(cell).includes('Put back'), 'the undo');
    assert.notInclude(messageText(cell), 'restarted');
    cell.env = cleared;
    assert.equal(await evaluate(cell, 'open("keep.txt").read() + str(value)'), "'k1'");
  });
});
