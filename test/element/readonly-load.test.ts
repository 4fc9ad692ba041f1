import { assert } from 'chai';
import { addCell, evaluate, removeCells, useLocalPyodide } from '../helpers.js';

suite('loadState in a read-only cell', () => {
  suiteSetup(() => useLocalPyodide());
  teardown(() => removeCells());

  test('keeps its own code, loads the files, and says so', async () => {
    const author = await addCell(
      'open("notes.txt", "w").write("from the file")\nprint("author code")',
    );
    assert.isTrue((await author.run()).ok);
    const saved = await author.saveState();

    const reader = await addCell('print(open("notes.txt").read())', { readonly: '' });
    const ownCode = reader.code;
    await reader.loadState(new File([saved], 'stranger.pystate.json'));

    assert.equal(reader.code, ownCode);
    assert.equal(await evaluate(reader, 'open("notes.txt").read()'), "'from the file'");
    const message = reader.shadowRoot!.querySelector('[part=message]')!.textContent!;
    assert.include(message, 'loaded 1 file; the code was kept, as this cell is read-only');
  });

  test('an editable cell still takes the code of the file', async () => {
    const author = await addCell('x = "author code"');
    assert.isTrue((await author.run()).ok);
    const saved = await author.saveState();
    const reader = await addCell('print("reader code")');
    await reader.loadState(saved);
    assert.equal(reader.code, 'x = "author code"');
  });
});
