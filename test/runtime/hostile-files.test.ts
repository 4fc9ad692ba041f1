import { assert } from 'chai';
import { configure } from '../../src/index.js';
import type { StateReport } from '../../src/protocol.js';
import { sharedRuntime } from '../../src/runtime/shared-runtime.js';
import { StateFileError } from '../../src/state/state-file.js';
import { addCell, evaluate, removeCells, useLocalPyodide } from '../helpers.js';

/**
 * Files a stranger could send or a cell could write (#12), end to end on the
 * real runtime: none may freeze the page, block Save, or get lost.
 */

/** An FTS5 table whose content is a view over an endless recursive CTE, and a 1 GB generated column. */
const HOSTILE_DATABASE = `
import sqlite3
connection = sqlite3.connect("hostile.db")
connection.executescript("""
CREATE VIEW endless AS WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r)
  SELECT x AS rowid, 'row ' || x AS body FROM r;
CREATE VIRTUAL TABLE docs USING fts5(body, content='endless', content_rowid='rowid');
CREATE TABLE big (id INTEGER, huge BLOB GENERATED ALWAYS AS (zeroblob(999999999)) VIRTUAL);
INSERT INTO big (id) VALUES (1), (2), (3);
""")
connection.commit()
connection.close()
`;

async function stateText(blob: Blob): Promise<{ files: { path: string }[] }> {
  return JSON.parse(await blob.text());
}

suite('hostile files on the real runtime', () => {
  suiteSetup(() => useLocalPyodide());
  teardown(() => {
    configure({ maxStateBytes: 200 * 1024 * 1024 });
    removeCells();
  });

  test('a hostile database is inspected and previewed, and another cell still runs', async () => {
    const cell = await addCell(HOSTILE_DATABASE);
    assert.isTrue((await cell.run()).ok);
    const other = await addCell('6 * 7');
    const inspected = cell.inspectState();
    const preview = sharedRuntime().call('preview', {
      env: cell.env,
      path: 'hostile.db',
      rowLimit: 20,
    });
    // Queued behind the panel's work: before #12 it waited for ever.
    assert.equal((await other.run()).result, '42');
    const report: StateReport = await inspected;
    const tables = Object.fromEntries(
      report.databases[0]!.tables.map((table) => [table.name, table]),
    );
    assert.strictEqual(tables.docs!.rowCount, null);
    assert.strictEqual(tables.docs!.kind, 'virtual');
    assert.strictEqual(tables.endless!.rowCount, null);
    assert.strictEqual(tables.big!.rowCount, 3);
    assert.deepEqual(tables.big!.columns, ['id', 'huge'], 'the generated column is listed');
    const shown = await preview;
    assert.equal(shown.kind, 'sqlite');
    if (shown.kind !== 'sqlite') return;
    const big = shown.tables.find((table) => table.name === 'big')!;
    assert.deepEqual(
      big.rows.map((row) => row[0]),
      [1, 2, 3],
    );
  });

  test('a hostile state file loads, and the panel reads it without blocking a run', async () => {
    const maker = await addCell(HOSTILE_DATABASE);
    assert.isTrue((await maker.run()).ok);
    const saved = await maker.saveState();
    const cell = await addCell('print("loaded")');
    await cell.loadState(saved);
    const report = await cell.inspectState();
    assert.strictEqual(
      report.databases[0]!.tables.find((table) => table.name === 'docs')!.rowCount,
      null,
    );
    const other = await addCell('"still running"');
    assert.equal((await other.run()).result, "'still running'");
  });

  test('a file 2,000 folders deep loads, runs and saves', async () => {
    const cell = await addCell(
      // os.makedirs recurses once per level, past Python's recursion limit.
      'import os\nhome = os.getcwd()\nfor _ in range(2000):\n    os.mkdir("d")\n    os.chdir("d")\nopen("leaf.txt", "w").write("leaf")\nos.chdir(home)',
    );
    const made = await cell.run();
    assert.isTrue(made.ok, made.error?.traceback);
    const saved = await cell.saveState();
    const copy = await addCell('');
    await copy.loadState(saved);
    assert.equal(
      await evaluate(copy, 'open("/".join(["d"] * 2000) + "/leaf.txt").read()'),
      "'leaf'",
    );
    assert.equal(await evaluate(copy, '1 + 1'), '2', 'a later run is not slowed by the walk');
    const report = await copy.inspectState();
    assert.deepEqual(
      report.files.map((file) => file.path),
      [`${'d/'.repeat(2000)}leaf.txt`],
    );
  });

  test('__proto__ from Python: os.listdir sees it, Save keeps it, Load restores it', async () => {
    const cell = await addCell('open("__proto__", "w").write("proto")\nimport os\nos.listdir()');
    assert.equal((await cell.run()).result, "['__proto__']");
    const saved = await cell.saveState();
    assert.deepEqual(
      (await stateText(saved)).files.map((file) => file.path),
      ['__proto__'],
    );
    const copy = await addCell('');
    await copy.loadState(saved);
    assert.equal(await evaluate(copy, 'open("__proto__").read()'), "'proto'");
    assert.deepEqual(
      (await copy.inspectState()).files.map((file) => file.path),
      ['__proto__'],
    );
  });

  test('__proto__ from Add file reaches Python', async () => {
    const cell = await addCell('');
    await cell.addDataFiles([new File(['added'], '__proto__')]);
    assert.equal(await evaluate(cell, 'open("__proto__").read()'), "'added'");
  });

  test('a backslash name written by Python round-trips through Save and Load', async () => {
    const cell = await addCell('open(r"C:\\Users\\me\\out.csv", "w").write("a,b")');
    assert.isTrue((await cell.run()).ok);
    const saved = await cell.saveState();
    const copy = await addCell('');
    await copy.loadState(saved);
    assert.equal(await evaluate(copy, 'open(r"C:\\Users\\me\\out.csv").read()'), "'a,b'");
    const file = await sharedRuntime().call('readFile', {
      env: copy.env,
      path: 'C:\\Users\\me\\out.csv',
    });
    assert.equal(new TextDecoder().decode(file.data), 'a,b');
    await sharedRuntime().call('deleteFile', { env: copy.env, path: 'C:\\Users\\me\\out.csv' });
    assert.equal(await evaluate(copy, 'import os\nos.listdir()'), '[]');
  });

  test('a lone surrogate in a path is refused at Load (path) and nothing changes', async () => {
    const cell = await addCell('open("kept.txt", "w").write("kept")');
    await cell.run();
    const state = JSON.stringify({
      format: 'py-state-runner',
      version: 1,
      name: 'x',
      env: 'x',
      savedAt: '2026-01-01T00:00:00.000Z',
      code: '',
      files: [
        {
          path: 'bad\uD800.txt',
          size: 0,
          sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
          data: '',
        },
      ],
    });
    const error = await cell.loadState(new Blob([state])).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    assert.instanceOf(error, StateFileError);
    assert.equal((error as StateFileError).reason, 'path');
    assert.equal(await evaluate(cell, 'open("kept.txt").read()'), "'kept'");
  });

  test('Save over maxStateBytes is refused with too-large before anything is written', async () => {
    configure({ maxStateBytes: 1000 });
    const cell = await addCell('open("big.bin", "wb").write(bytes(2000))');
    await cell.run();
    const error = await cell.saveState().then(
      () => undefined,
      (failure: unknown) => failure,
    );
    assert.instanceOf(error, StateFileError);
    assert.equal((error as StateFileError).reason, 'too-large');
    assert.match((error as Error).message, /Load would refuse/);
  });

  test('writeFiles puts many files into the folder in one request', async () => {
    const cell = await addCell('');
    const files = Array.from({ length: 1000 }, (_, index) => ({
      path: `data/file-${index}.txt`,
      data: new TextEncoder().encode(String(index)),
    }));
    await sharedRuntime().call('writeFiles', { env: cell.env, files, overwrite: false });
    assert.equal(await evaluate(cell, 'import os\nlen(os.listdir("data"))'), '1000');
    const report = await cell.inspectState();
    assert.equal(report.files.length, 1000);
    // Without overwrite, files already there are left as they are and named in the answer.
    const changed = files.slice(0, 2).map((file) => ({ ...file, data: new Uint8Array([33]) }));
    const answer = await sharedRuntime().call('writeFiles', {
      env: cell.env,
      files: [...changed, { path: 'data/new.txt', data: new Uint8Array([34]) }],
      overwrite: false,
    });
    assert.deepEqual(answer.existing, ['data/file-0.txt', 'data/file-1.txt']);
    assert.equal(await evaluate(cell, 'open("data/file-0.txt").read()'), "'0'");
    assert.equal(await evaluate(cell, 'open("data/new.txt").read()'), `'"'`);
  });
});
