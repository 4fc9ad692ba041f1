import { assert } from 'chai';
import { StateFileError, type StateFileErrorReason } from '../../src/index.js';
import {
  addCell,
  button,
  evaluate,
  nextEvent,
  removeCells,
  stubFilePicker,
  until,
  useLocalPyodide,
} from '../helpers.js';
import { dropFiles, fileHashes, fixtureFile, messageText } from '../state-helpers.js';

const CELL_CODE = 'open("mine.txt", "w").write("mine")\nmarker = "still here"';

suite('loading the classic Pyodide demo download', () => {
  suiteSetup(() => useLocalPyodide());
  teardown(() => removeCells());

  test('loadState turns it into app_state.db and app_state.json and keeps the code', async () => {
    const cell = await addCell(CELL_CODE);
    assert.isTrue((await cell.run()).ok);
    const loaded = nextEvent<{ origin: string; fileCount: number; name: string }>(
      cell,
      'state-loaded',
    );
    await cell.loadState(await fixtureFile('classic-demo.json'));
    const detail = (await loaded).detail;
    assert.equal(detail.origin, 'classic-demo');
    assert.equal(detail.fileCount, 2);
    assert.equal(detail.name, cell.name);
    assert.equal(cell.code, CELL_CODE, 'the cell keeps its own code');
    assert.hasAllKeys(await fileHashes(cell), ['app_state.db', 'app_state.json']);
    const classic = JSON.parse(await (await fixtureFile('classic-demo.json')).text());
    // The JSON as Python reads it back, compared with the download's jsonState.
    const expected = JSON.stringify(JSON.stringify(classic.jsonState));
    assert.equal(
      await evaluate(
        cell,
        `import json\njson.load(open("app_state.json")) == json.loads(${expected})`,
      ),
      'True',
    );
    assert.equal(
      await evaluate(
        cell,
        'import sqlite3\nsqlite3.connect("app_state.db").execute("SELECT count(*) FROM visits").fetchone()[0]',
      ),
      '3',
    );
    assert.equal(await evaluate(cell, 'marker'), 'NameError', 'variables were reset');
    await cell.updateComplete;
    assert.match(
      messageText(cell),
      /classic-demo\.json: imported a file from the classic Pyodide demo/,
    );
  });

  test('the Load button and a drop take the classic file too', async () => {
    const cell = await addCell(CELL_CODE);
    const input = cell.shadowRoot!.querySelector<HTMLInputElement>('input.load-input')!;
    const isOpened = stubFilePicker(input);
    button(cell, 'Load').click();
    assert.isTrue(isOpened());
    const transfer = new DataTransfer();
    transfer.items.add(await fixtureFile('classic-demo.json'));
    input.files = transfer.files;
    const picked = nextEvent<{ origin: string }>(cell, 'state-loaded');
    input.dispatchEvent(new Event('change'));
    assert.equal((await picked).detail.origin, 'classic-demo');

    const other = await addCell(CELL_CODE);
    const dropped = nextEvent<{ origin: string }>(other, 'state-loaded');
    const renamed = new File([await fixtureFile('classic-demo.json')], 'export.json');
    dropFiles(other, [renamed]);
    assert.equal((await dropped).detail.origin, 'classic-demo');
    assert.hasAllKeys(await fileHashes(other), ['app_state.db', 'app_state.json']);
    await until(() => /classic Pyodide demo/.test(messageText(other)), 'the drop message');
  });

  const refusals: [fixture: string, reason: StateFileErrorReason, message: RegExp][] = [
    ['classic-byte-out-of-range', 'field', /database\[\d+\]" must be a byte.*256/],
    ['classic-byte-not-integer', 'field', /database\[\d+\]" must be a byte.*1\.5/],
    ['classic-not-sqlite', 'not-sqlite', /not a SQLite database/],
    ['classic-truncated-database', 'size', /not a whole number of 512-byte pages/],
    ['classic-json-state-array', 'field', /"jsonState" must be an object, but it is an array/],
    ['classic-missing-database', 'field', /"database" is missing/],
    ['classic-missing-json-state', 'field', /"jsonState" is missing/],
  ];
  for (const [name, reason, message] of refusals) {
    test(`refuses ${name}.json with a clear error and keeps files, code and variables`, async () => {
      const cell = await addCell(CELL_CODE);
      assert.isTrue((await cell.run()).ok);
      const before = await fileHashes(cell);
      const failed = nextEvent<Error>(cell, 'state-error');
      const error = await cell
        .loadState(await fixtureFile(`${name}.json`))
        .catch((caught: unknown) => caught);
      assert.instanceOf(error, StateFileError);
      assert.equal((error as StateFileError).reason, reason);
      assert.match((error as Error).message, message);
      assert.strictEqual((await failed).detail, error);
      await cell.updateComplete;
      assert.include(messageText(cell), (error as Error).message);
      assert.deepEqual(await fileHashes(cell), before);
      assert.equal(cell.code, CELL_CODE);
      assert.equal(await evaluate(cell, 'marker'), "'still here'");
    });
  }
});
