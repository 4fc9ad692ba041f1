import { assert } from 'chai';
import { configure, type PyStateRunnerElement } from '../../src/index.js';
import { StateFileError } from '../../src/state/state-file.js';
import {
  addCell,
  evaluate,
  nextEvent,
  removeCells,
  uniqueName,
  until,
  useLocalPyodide,
} from '../helpers.js';

/** Python that prints {path: sha256} of every file in the cell's folder, as JSON. */
const HASH_FILES = `
import hashlib, json, os
found = {}
for folder, _, names in os.walk("."):
    for name in names:
        path = os.path.join(folder, name)[2:]
        found[path] = hashlib.sha256(open(path, "rb").read()).hexdigest()
print(json.dumps(found, sort_keys=True))
`;

const WRITE_STATE = `
import json, sqlite3
db = sqlite3.connect("app_state.db")
db.execute("CREATE TABLE IF NOT EXISTS entries (id INTEGER PRIMARY KEY, note TEXT, amount REAL)")
db.executemany("INSERT INTO entries (note, amount) VALUES (?, ?)", [("coffee", 2.5), ("tea, green", 1.75), ('say "hi"', 0)])
db.commit()
db.close()
json.dump({"runs": 3, "history": ["a", "b"]}, open("app_state.json", "w"))
import os
os.makedirs("blobs", exist_ok=True)
open("blobs/all-bytes.bin", "wb").write(bytes(range(256)) * 4)
marker = "still here"
`;

interface StateEntry {
  path: string;
  size: number;
  sha256: string;
  data: string;
}

async function hashes(cell: PyStateRunnerElement): Promise<Record<string, string>> {
  const code = cell.code;
  cell.code = HASH_FILES;
  const result = await cell.run();
  cell.code = code;
  assert.isTrue(result.ok, result.error?.traceback);
  return JSON.parse(result.stdout);
}

async function fixture(name: string): Promise<File> {
  const response = await fetch(`/test/fixtures/${name}.pystate.json`);
  return new File([await response.blob()], `${name}.pystate.json`, { type: 'application/json' });
}

suite('saveState, loadState, clearState on the real runtime', () => {
  suiteSetup(() => useLocalPyodide());
  teardown(() => removeCells());

  test('a round trip gives byte-identical files, the same query results and the code', async () => {
    const cell = await addCell(WRITE_STATE);
    assert.isTrue((await cell.run()).ok);
    const before = await hashes(cell);
    assert.hasAllKeys(before, ['app_state.db', 'app_state.json', 'blobs/all-bytes.bin']);
    const saved = await cell.saveState();
    const document = JSON.parse(await saved.text());
    assert.equal(document.format, 'py-state-runner');
    assert.equal(document.version, 1);
    assert.equal(document.name, cell.name);
    assert.equal(document.code, WRITE_STATE.trim());

    const other = await addCell('print("other code")');
    const loaded = nextEvent<{ name: string; fileCount: number }>(other, 'state-loaded');
    await other.loadState(saved);
    assert.equal((await loaded).detail.fileCount, 3);
    assert.equal(other.code, WRITE_STATE.trim());
    assert.deepEqual(await hashes(other), before);
    const query =
      'import sqlite3\nsqlite3.connect("app_state.db").execute("SELECT note, amount FROM entries ORDER BY id").fetchall()';
    // The rows WRITE_STATE inserted, written out: comparing two results could
    // compare two identical errors.
    assert.equal(
      await evaluate(other, query),
      `[('coffee', 2.5), ('tea, green', 1.75), ('say "hi"', 0.0)]`,
    );
    assert.equal(
      await evaluate(other, 'import json\njson.load(open("app_state.json"))'),
      "{'runs': 3, 'history': ['a', 'b']}",
    );
    assert.include(
      other.shadowRoot!.querySelector('[part=message]')!.textContent!,
      `saved by the cell "${cell.name}"`,
    );
  });

  test('loading resets the variables, which could point at replaced files', async () => {
    const cell = await addCell(WRITE_STATE);
    await cell.run();
    const saved = await cell.saveState();
    assert.equal(await evaluate(cell, 'marker'), "'still here'");
    await cell.loadState(saved);
    assert.equal(await evaluate(cell, 'marker'), 'NameError');
  });

  const refusals: [string, StateFileError['reason'], RegExp][] = [
    ['not-json', 'not-json', /not valid JSON/],
    ['wrong-format', 'format', /not a py-state-runner state file/],
    ['unknown-version', 'version', /version/],
    ['newer-version', 'newer-version', /made by a newer version/],
    ['missing-field', 'field', /"code" is missing/],
    ['bad-base64', 'base64', /notes\.txt: its data is not valid base64/],
    ['size-mismatch', 'size', /notes\.txt: its size says/],
    ['sha256-mismatch', 'checksum', /notes\.txt: sha256 does not match its data/],
    ['dotdot-path', 'path', /\.\.\/evil\.txt/],
    ['absolute-path', 'path', /\/etc\/passwd/],
    ['nul-path', 'path', /\\u0000/],
    ['duplicate-path', 'duplicate-path', /notes\.txt/],
  ];
  for (const [name, reason, message] of refusals) {
    test(`refuses ${name} with a clear error and keeps files, code and variables`, async () => {
      const cell = await addCell(WRITE_STATE);
      await cell.run();
      const before = await hashes(cell);
      const code = cell.code;
      const failed = nextEvent<Error>(cell, 'state-error');
      let thrown: unknown;
      try {
        await cell.loadState(await fixture(name));
      } catch (error) {
        thrown = error;
      }
      assert.instanceOf(thrown, StateFileError);
      assert.equal((thrown as StateFileError).reason, reason);
      assert.match((thrown as Error).message, message);
      assert.strictEqual((await failed).detail, thrown);
      await cell.updateComplete;
      const bar = cell.shadowRoot!.querySelector('[part=message]')!;
      assert.equal(bar.getAttribute('role'), 'alert');
      assert.include(bar.textContent!, (thrown as Error).message);
      assert.deepEqual(await hashes(cell), before);
      assert.equal(cell.code, code);
      assert.equal(await evaluate(cell, 'marker'), "'still here'");
    });
  }

  // The worker validates every entry before it writes any: a bad third file
  // must leave no trace of the first two.
  const laterRefusals: [
    what: string,
    reason: StateFileError['reason'],
    spoil: (entry: StateEntry) => void,
  ][] = [
    [
      'a path that leaves the folder',
      'path',
      (entry) => {
        entry.path = '../escaped.bin';
      },
    ],
    [
      'a sha256 that does not match',
      'checksum',
      (entry) => {
        entry.sha256 = '0'.repeat(64);
      },
    ],
    [
      'data that is not base64',
      'base64',
      (entry) => {
        entry.data = '@@@@';
      },
    ],
  ];
  for (const [what, reason, spoil] of laterRefusals) {
    test(`refuses a state file whose third file has ${what}, and writes none of the others`, async () => {
      const source = await addCell(WRITE_STATE);
      assert.isTrue((await source.run()).ok);
      const stateFile = JSON.parse(await (await source.saveState()).text()) as {
        files: StateEntry[];
      };
      assert.lengthOf(stateFile.files, 3);
      const spoiled = stateFile.files[2];
      const spoiledPath = spoiled.path;
      spoil(spoiled);

      const cell = await addCell('open("mine.txt", "w").write("mine")\nmarker = "mine"');
      assert.isTrue((await cell.run()).ok);
      const before = await hashes(cell);
      const code = cell.code;
      const error = await cell
        .loadState(new Blob([JSON.stringify(stateFile)], { type: 'application/json' }))
        .catch((caught: unknown) => caught);
      assert.instanceOf(error, StateFileError);
      assert.equal((error as StateFileError).reason, reason);
      assert.include((error as Error).message, reason === 'path' ? '../escaped.bin' : spoiledPath);
      assert.deepEqual(await hashes(cell), before);
      assert.deepEqual(Object.keys(before), ['mine.txt']);
      assert.equal(cell.code, code);
      assert.equal(await evaluate(cell, 'marker'), "'mine'");
    });
  }

  test('refuses a file over the size limit and keeps everything', async () => {
    const cell = await addCell(WRITE_STATE);
    await cell.run();
    const before = await hashes(cell);
    configure({ maxStateBytes: 1024 });
    try {
      const error = await cell.loadState(await fixture('over-limit')).catch((caught) => caught);
      assert.instanceOf(error, StateFileError);
      assert.equal(error.reason, 'too-large');
      assert.match(error.message, /more than the limit/);
    } finally {
      configure({ maxStateBytes: 200 * 1024 * 1024 });
    }
    assert.deepEqual(await hashes(cell), before);
  });

  test('refuses what is not a Blob with a clear error', async () => {
    const cell = await addCell('1');
    const error = await cell.loadState('{}' as unknown as Blob).catch((caught) => caught);
    assert.instanceOf(error, TypeError);
    assert.match(error.message, /takes a Blob or File/);
  });

  test('saving waits for the run in progress, so a database is never copied mid-write', async () => {
    const cell = await addCell(
      // It yields between writes, so a save that did not wait would run in between.
      'import asyncio, sqlite3\ndb = sqlite3.connect("slow.db")\ndb.execute("CREATE TABLE IF NOT EXISTS t (x)")\nfor i in range(20):\n    db.execute("INSERT INTO t VALUES (?)", (i,))\n    db.commit()\n    await asyncio.sleep(0.02)\ndb.execute("INSERT INTO t VALUES (\'last\')")\ndb.commit()',
    );
    const running = cell.run();
    await until(() => cell.status === 'running' || cell.status === 'loading', 'the run');
    const saving = cell.saveState();
    await running;
    const loaded = await addCell('1');
    await loaded.loadState(await saving);
    const query =
      'import sqlite3\nsqlite3.connect("slow.db").execute("SELECT x FROM t ORDER BY rowid DESC LIMIT 1").fetchone()';
    assert.equal(await evaluate(loaded, query), "('last',)");
  });

  test('clearState empties files and variables and fires state-cleared', async () => {
    const cell = await addCell(WRITE_STATE);
    await cell.run();
    const cleared = nextEvent<{ env: string }>(cell, 'state-cleared');
    await cell.clearState();
    assert.equal((await cleared).detail.env, cell.env);
    assert.deepEqual(await hashes(cell), {});
    assert.equal(await evaluate(cell, 'marker'), 'NameError');
    assert.deepEqual((await cell.inspectState()).files, []);
  });

  test('inspectState lists files and each database table with columns and row count', async () => {
    const cell = await addCell(WRITE_STATE);
    await cell.run();
    const report = await cell.inspectState();
    assert.equal(report.env, cell.env);
    assert.deepEqual(
      report.files.map((file) => [file.path, file.size]),
      [
        ['app_state.db', report.files[0]!.size],
        ['app_state.json', 34],
        ['blobs/all-bytes.bin', 1024],
      ],
    );
    assert.match(report.files[0]!.modified, /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(report.databases, [
      {
        path: 'app_state.db',
        tables: [{ name: 'entries', columns: ['id', 'note', 'amount'], rowCount: 3 }],
      },
    ]);
  });

  test('inspectState reads a database whose name has characters a SQLite URI gives a meaning to', async () => {
    const cell = await addCell(
      'import sqlite3\ndb = sqlite3.connect("odd #1 ?x 100%.db")\ndb.execute("CREATE TABLE t (a)")\ndb.execute("INSERT INTO t VALUES (1)")\ndb.commit()\ndb.close()',
    );
    await cell.run();
    const report = await cell.inspectState();
    assert.deepEqual(report.databases, [
      { path: 'odd #1 ?x 100%.db', tables: [{ name: 't', columns: ['a'], rowCount: 1 }] },
    ]);
  });

  test('downloadState names the file <name>-<yyyymmdd-hhmmss>.pystate.json', async () => {
    const cell = await addCell('open("a.txt", "w").write("a")', { name: uniqueName('dl') });
    await cell.run();
    const clicked: { name: string; href: string }[] = [];
    const original = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicked.push({ name: this.download, href: this.href });
    };
    try {
      await cell.downloadState();
    } finally {
      HTMLAnchorElement.prototype.click = original;
    }
    assert.lengthOf(clicked, 1);
    assert.match(clicked[0]!.name, new RegExp(`^${cell.name}-\\d{8}-\\d{6}\\.pystate\\.json$`));
    assert.match(clicked[0]!.href, /^blob:/);
  });
});
