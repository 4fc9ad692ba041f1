import { emulateMedia } from '@web/test-runner-commands';
import { assert } from 'chai';
import { configure, type PyStateRunnerElement } from '../../../src/index.js';
import type { RuntimeClient } from '../../../src/runtime/runtime-client.js';
import { sharedRuntime } from '../../../src/runtime/shared-runtime.js';
import { accessibilityViolations } from '../../axe.js';
import {
  captureDownload,
  stubFilePicker,
  uniqueName,
  until,
  useLocalPyodide,
} from '../../helpers.js';

type PanelHost = PyStateRunnerElement;

/** Runs code in an env and returns the repr of its last expression; fails the test on an exception. */
async function python(env: string, code: string): Promise<string | undefined> {
  const result = await sharedRuntime().run(env, code, '<test>');
  assert.isTrue(result.ok, result.error?.traceback);
  return result.result;
}

function stateButton(host: PanelHost): HTMLButtonElement {
  return host.shadowRoot!.querySelector<HTMLButtonElement>('[part~=state-button]')!;
}

function isOpen(host: PanelHost): boolean {
  return stateButton(host).getAttribute('aria-expanded') === 'true';
}

/** A cell over the env (its name) with the State panel open and fully read. */
async function openPanel(env: string): Promise<PanelHost> {
  const host = document.createElement('py-state-runner');
  host.setAttribute('name', env);
  document.body.append(host);
  await host.updateComplete;
  stateButton(host).click();
  await host.stateChanged();
  await host.updateComplete;
  return host;
}

async function refreshed(host: PanelHost): Promise<void> {
  await host.stateChanged();
  await host.updateComplete;
}

function rowOf(host: PanelHost, path: string): HTMLLIElement;
function rowOf(host: PanelHost, path: string, required: false): HTMLLIElement | undefined;
function rowOf(host: PanelHost, path: string, required = true): HTMLLIElement | undefined {
  const rows = [...host.shadowRoot!.querySelectorAll<HTMLLIElement>('.state-file')];
  const row = rows.find((candidate) => candidate.querySelector('.file-path')?.textContent === path);
  if (!row && required) throw new Error(`No row for ${path}`);
  return row;
}

function buttonNamed(root: ParentNode, name: string): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].find(
    (candidate) => (candidate.getAttribute('aria-label') ?? candidate.textContent!.trim()) === name,
  );
  if (!found) throw new Error(`No button named ${name}`);
  return found;
}

function text(element: Element | null | undefined): string {
  return element?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

function messages(host: PanelHost): string {
  return text(host.shadowRoot!.querySelector('.state-messages'));
}

const SHOP = `
import sqlite3
connection = sqlite3.connect("shop.db")
connection.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT, amount)")
connection.executemany(
    "INSERT INTO items (label, amount) VALUES (?, ?)",
    [("plain", 42), ("with, comma", 1.5), ('with "quote"', None), ("line\\nbreak", 9007199254740993), ("cr\\rhere", -1)],
)
connection.commit()
connection.close()
`;

suite('the State panel', () => {
  suiteSetup(() => useLocalPyodide());
  teardown(() => {
    for (const host of document.querySelectorAll('py-state-runner')) host.remove();
  });

  // First, while this page has not started Python yet.
  test('shows an empty folder with a helpful message and Add file, without loading Python for it', async () => {
    const wasStarted = sharedRuntime().isStarted;
    const host = await openPanel(uniqueName('empty'));
    const panel = host.shadowRoot!.querySelector('#state-panel')!;
    assert.equal(panel.getAttribute('role'), 'region');
    assert.equal(panel.getAttribute('aria-label'), `State of ${host.name}`);
    assert.equal(panel.getAttribute('part'), 'state-panel');
    assert.include(
      text(panel),
      'No files yet. Files your code writes in its working folder appear here.',
    );
    assert.match(buttonNamed(panel, 'Add file').textContent!.trim(), /^Add file/);
    assert.isFalse(wasStarted, 'each test file has a page of its own');
    assert.isFalse(sharedRuntime().isStarted, 'Python stayed unloaded');
    assert.deepEqual(await accessibilityViolations(host), []);
  });

  test('renders nothing while closed, and toggles open and shut', async () => {
    const host = await openPanel(uniqueName('toggle'));
    assert.isTrue(isOpen(host));
    stateButton(host).click();
    await host.updateComplete;
    assert.isFalse(isOpen(host));
    assert.isNull(host.shadowRoot!.querySelector('#state-panel'));
    assert.strictEqual(host.shadowRoot!.activeElement, stateButton(host), 'focus back on State');
    stateButton(host).click();
    await host.updateComplete;
    assert.isNotNull(host.shadowRoot!.querySelector('#state-panel'));
  });

  test('lists every file of the folder with its path, size and modified time', async () => {
    const env = uniqueName('list');
    await python(
      env,
      'import os\nos.makedirs("notes", exist_ok=True)\nopen("notes/todo.txt", "w").write("milk\\n")\nopen("blob.bin", "wb").write(bytes(range(256)) * 2)',
    );
    const host = await openPanel(env);
    const paths = [...host.shadowRoot!.querySelectorAll('.file-path')].map(
      (node) => node.textContent,
    );
    assert.deepEqual(paths, ['blob.bin', 'notes/todo.txt']);
    assert.equal(text(rowOf(host, 'blob.bin').querySelector('.file-size')), '512 B');
    assert.equal(text(rowOf(host, 'notes/todo.txt').querySelector('.file-size')), '5 B');
    const time = rowOf(host, 'blob.bin').querySelector('time')!;
    // The time shown is the file's own modification time, as Python sees it.
    const mtime = await python(env, 'import os\nround(os.path.getmtime("blob.bin") * 1000)');
    assert.equal(Date.parse(time.dateTime), Number(mtime));
    assert.include(text(host.shadowRoot!.querySelector('.state-summary')), '2 files, 517 B');
  });

  test('shows each SQLite table with its columns, row count and only the first 20 rows', async () => {
    const env = uniqueName('sqlite');
    await python(
      env,
      `import sqlite3
connection = sqlite3.connect("app_state.db")
connection.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, name TEXT, payload BLOB)")
connection.executemany("INSERT INTO events (name, payload) VALUES (?, ?)", [(f"event {i}", b"xyz") for i in range(1, 101)])
connection.execute("CREATE TABLE empty_one (a, b)")
connection.commit()
connection.close()`,
    );
    const host = await openPanel(env);
    const row = rowOf(host, 'app_state.db');
    assert.include(text(row), 'SQLite');
    const tables = [...row.querySelectorAll('table')];
    assert.lengthOf(tables, 2);
    const [empty, events] = tables as [HTMLTableElement, HTMLTableElement];
    assert.equal(text(events.caption), 'events: 100 rows, 3 columns, first 20 shown');
    assert.deepEqual(
      [...events.querySelectorAll('thead th')].map((th) => [
        th.textContent,
        th.getAttribute('scope'),
      ]),
      [
        ['id', 'col'],
        ['name', 'col'],
        ['payload', 'col'],
      ],
    );
    const bodyRows = [...events.querySelectorAll('tbody tr')];
    assert.lengthOf(bodyRows, 20);
    assert.deepEqual(
      [...bodyRows[19]!.querySelectorAll('td')].map((cell) => cell.textContent),
      ['20', 'event 20', '<3 bytes>'],
    );
    assert.equal(text(empty.caption), 'empty_one: 0 rows, 2 columns');
    assert.include(text(row), 'No rows.');
  });

  test('shows the recent commits of a WAL database, open or just put back, and adds no file', async () => {
    const env = uniqueName('wal');
    await python(
      env,
      `import sqlite3, shutil
kept = sqlite3.connect("live.db")
kept.execute("PRAGMA journal_mode=WAL")
kept.execute("CREATE TABLE t (v)")
kept.execute("INSERT INTO t VALUES (1)")
kept.commit()
# As a restore leaves it: the database and its WAL, no index yet.
shutil.copyfile("live.db", "restored.db")
shutil.copyfile("live.db-wal", "restored.db-wal")`,
    );
    const host = await openPanel(env);
    for (const path of ['live.db', 'restored.db']) {
      const table = rowOf(host, path).querySelector('table')!;
      assert.equal(text(table.caption), 't: 1 row, 1 column', path);
    }
    assert.equal(
      await python(env, 'import os\nsorted(os.listdir("."))'),
      "['live.db', 'live.db-shm', 'live.db-wal', 'restored.db', 'restored.db-wal']",
    );
  });

  test('recognises SQLite by its header, not its name: data.bin is a database, notes.db is text', async () => {
    const env = uniqueName('by-header');
    await python(
      env,
      `import sqlite3
connection = sqlite3.connect("data.bin")
connection.execute("CREATE TABLE readings (at TEXT, value REAL)")
connection.execute("INSERT INTO readings VALUES ('noon', 21.5)")
connection.commit()
connection.close()
open("notes.db", "w").write("just text, not a database")`,
    );
    const host = await openPanel(env);
    const database = rowOf(host, 'data.bin');
    assert.include(text(database.querySelector('.file-row')), 'SQLite');
    assert.equal(text(database.querySelector('table caption')), 'readings: 1 row, 2 columns');
    assert.deepEqual(
      [...database.querySelectorAll('tbody td')].map((cell) => cell.textContent),
      ['noon', '21.5'],
    );
    const notes = rowOf(host, 'notes.db');
    assert.notInclude(text(notes.querySelector('.file-row')), 'SQLite');
    assert.isNull(notes.querySelector('table'));
    assert.equal(notes.querySelector('pre')!.textContent, 'just text, not a database');
  });

  test('a .db added with Add file shows its tables', async () => {
    const source = uniqueName('db-source');
    await python(
      source,
      `import sqlite3
connection = sqlite3.connect("made.db")
connection.execute("CREATE TABLE cities (name TEXT, people INTEGER)")
connection.executemany("INSERT INTO cities VALUES (?, ?)", [("Lyon", 522250), ("Nantes", 320732)])
connection.commit()
connection.close()`,
    );
    const { data } = await sharedRuntime().call('readFile', {
      env: source,
      path: 'made.db',
    });
    const host = await openPanel(uniqueName('db-added'));
    await host.addDataFiles([new File([data as Uint8Array<ArrayBuffer>], 'cities (2024).db')]);
    await until(
      () => rowOf(host, 'cities (2024).db', false)?.querySelector('tbody') != null,
      'the table',
    );
    const row = rowOf(host, 'cities (2024).db');
    assert.include(text(row.querySelector('.file-row')), 'SQLite');
    assert.equal(text(row.querySelector('table caption')), 'cities: 2 rows, 2 columns');
    assert.deepEqual(
      [...row.querySelectorAll('tbody td')].map((cell) => cell.textContent),
      ['Lyon', '522250', 'Nantes', '320732'],
    );
  });

  test('refreshes by itself after a run, a load and a clear', async () => {
    const host = await openPanel(uniqueName('auto-refresh'));
    const panel = () => text(host.shadowRoot!.querySelector('#state-panel'));
    const has = (path: string) => rowOf(host, path, false) !== undefined;
    host.code = 'open("from-run.txt", "w").write("ran")';
    await host.run();
    await until(() => has('from-run.txt'), 'the file the run wrote');
    const saved = await host.saveState();

    host.code = 'import os\nos.remove("from-run.txt")\nopen("later.txt", "w").write("later")';
    await host.run();
    await until(() => has('later.txt') && !has('from-run.txt'), 'the second run');

    await host.loadState(saved);
    await until(() => has('from-run.txt') && !has('later.txt'), 'the loaded files');

    await host.clearState();
    await until(() => panel().includes('No files yet.'), 'the cleared folder');
  });

  test('says why a damaged database cannot be read, in a sentence, and lists the rest', async () => {
    const env = uniqueName('damaged');
    await python(
      env,
      'open("bad.db", "wb").write(b"SQLite format 3\\x00" + b"\\xff" * 2000)\nopen("ok.txt", "w").write("fine")',
    );
    const host = await openPanel(env);
    const preview = text(rowOf(host, 'bad.db').querySelector('.file-preview'));
    assert.include(preview, 'file is not a database');
    assert.notInclude(preview, 'Traceback');
    assert.equal(rowOf(host, 'ok.txt').querySelector('pre')!.textContent, 'fine');
  });

  test('pretty-prints JSON, collapsed when it is long', async () => {
    const env = uniqueName('json');
    await python(
      env,
      'import json\njson.dump({"name": "Ann", "tags": [1, 2]}, open("small.json", "w"))\njson.dump({f"key{i}": i for i in range(40)}, open("long.json", "w"))',
    );
    const host = await openPanel(env);
    const small = rowOf(host, 'small.json');
    assert.equal(
      small.querySelector('pre')!.textContent,
      '{\n  "name": "Ann",\n  "tags": [\n    1,\n    2\n  ]\n}',
    );
    assert.isNull(small.querySelector('details'));
    const long = rowOf(host, 'long.json').querySelector('details')!;
    assert.isFalse(long.open);
    assert.equal(text(long.querySelector('summary')), 'JSON, 42 lines');
    assert.include(long.querySelector('pre')!.textContent!, '"key39": 39');
  });

  test('previews a short text file and says "binary" for a binary one', async () => {
    const env = uniqueName('text');
    await python(
      env,
      'open("readme.txt", "w").write("hello\\nworld\\n")\nopen("raw.bin", "wb").write(b"\\x00\\x01\\x02" * 100)',
    );
    const host = await openPanel(env);
    assert.equal(rowOf(host, 'readme.txt').querySelector('pre')!.textContent, 'hello\nworld\n');
    assert.equal(text(rowOf(host, 'raw.bin').querySelector('.file-preview')), 'binary, 300 bytes');
  });

  test('loads the preview of a large file only when its row is opened', async () => {
    const env = uniqueName('lazy');
    await python(env, 'open("big.log", "w").write("line\\n" * 40000)');
    const host = await openPanel(env);
    const toggle = buttonNamed(rowOf(host, 'big.log'), 'Preview big.log');
    assert.equal(toggle.getAttribute('aria-expanded'), 'false');
    assert.isTrue(rowOf(host, 'big.log').querySelector<HTMLElement>('.file-preview')!.hidden);
    assert.isNull(rowOf(host, 'big.log').querySelector('pre'));
    toggle.click();
    await until(() => rowOf(host, 'big.log').querySelector('pre') !== null, 'the preview');
    assert.equal(toggle.getAttribute('aria-expanded'), 'true');
    assert.include(text(rowOf(host, 'big.log')), 'Only the start is shown: the file is 195 KB.');
  });

  test('reads again only the previews of files that changed', async () => {
    const env = uniqueName('cache');
    await python(env, 'open("a.txt", "w").write("a")\nopen("b.txt", "w").write("b")');
    const host = await openPanel(env);
    const runtime = sharedRuntime();
    const originalCall = runtime.call;
    const previewed: string[] = [];
    runtime.call = function (this: RuntimeClient, ...args: Parameters<RuntimeClient['call']>) {
      if (args[0] === 'preview') previewed.push((args[1] as { path: string }).path);
      return originalCall.apply(this, args);
    } as RuntimeClient['call'];
    try {
      await python(env, 'open("b.txt", "w").write("bb")');
      await refreshed(host);
    } finally {
      runtime.call = originalCall;
    }
    assert.deepEqual(previewed, ['b.txt']);
    assert.equal(rowOf(host, 'b.txt').querySelector('pre')!.textContent, 'bb');
  });

  test('Download hands the file to the browser under its own name', async () => {
    const env = uniqueName('download');
    await python(env, 'open("app_state.db", "wb").write(bytes(range(256)))');
    const host = await openPanel(env);
    const download = await captureDownload(() =>
      buttonNamed(host.shadowRoot!, 'Download app_state.db').click(),
    );
    assert.equal(download.name, 'app_state.db');
    assert.deepEqual(
      [...new Uint8Array(await download.blob.arrayBuffer())],
      [...Array(256).keys()],
    );
  });

  test('Delete asks inline first: Cancel keeps the file, Delete removes it', async () => {
    const env = uniqueName('delete');
    await python(env, 'open("data.csv", "w").write("a,b")\nopen("other.txt", "w").write("o")');
    const host = await openPanel(env);
    const root = host.shadowRoot!;
    buttonNamed(root, 'Delete data.csv').click();
    await host.updateComplete;
    const question = rowOf(host, 'data.csv').querySelector('[role=group]')!;
    assert.equal(question.getAttribute('aria-label'), 'Delete data.csv?');
    assert.include(text(question), 'Delete data.csv?');
    assert.equal(root.activeElement, buttonNamed(root, 'Cancel deleting data.csv'));

    buttonNamed(root, 'Cancel deleting data.csv').click();
    await host.updateComplete;
    assert.equal(root.activeElement, buttonNamed(root, 'Delete data.csv'), 'focus goes back');
    assert.equal(await python(env, 'import os\nos.path.exists("data.csv")'), 'True');

    buttonNamed(root, 'Delete data.csv').click();
    await host.updateComplete;
    root.activeElement!.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }),
    );
    await host.updateComplete;
    assert.isNull(rowOf(host, 'data.csv').querySelector('[role=group]'), 'Escape cancels');

    buttonNamed(root, 'Delete data.csv').click();
    await host.updateComplete;
    root.querySelector<HTMLButtonElement>('[part~=confirm-delete-button]')!.click();
    await until(() => !rowOf(host, 'data.csv', false), 'the row to go');
    await host.updateComplete;
    assert.equal(await python(env, 'import os\nos.path.exists("data.csv")'), 'False');
    assert.throws(() => rowOf(host, 'data.csv'));
    assert.equal(
      root.activeElement,
      buttonNamed(root, 'Preview other.txt'),
      'focus stays in the list',
    );
    assert.include(messages(host), 'Deleted data.csv.');
  });

  test('the confirmation button deletes the file', async () => {
    const env = uniqueName('delete-click');
    await python(env, 'open("gone.txt", "w").write("x")');
    const host = await openPanel(env);
    const root = host.shadowRoot!;
    buttonNamed(root, 'Delete gone.txt').click();
    await host.updateComplete;
    const confirm = [...rowOf(host, 'gone.txt').querySelectorAll('button')].find(
      (candidate) => candidate.textContent!.trim() === 'Delete',
    )!;
    assert.equal(confirm.getAttribute('aria-label'), 'Delete gone.txt');
    confirm.click();
    await until(() => messages(host).includes('Deleted gone.txt.'), 'the delete');
    await host.updateComplete;
    assert.equal(await python(env, 'import os\nos.listdir(".")'), '[]');
    assert.include(text(root.querySelector('#state-panel')), 'No files yet.');
    assert.equal(root.activeElement, buttonNamed(root, 'Add file'));
  });

  test('Add file puts a file in the folder, where Python can open it', async () => {
    const env = uniqueName('add');
    const host = await openPanel(env);
    await host.addDataFiles([new File(['a,b\r\n1,2\r\n'], 'data.csv', { type: 'text/csv' })]);
    await host.updateComplete;
    assert.equal(
      await python(env, 'import csv\nlist(csv.reader(open("data.csv", newline="")))'),
      "[['a', 'b'], ['1', '2']]",
    );
    assert.include(messages(host), 'Added data.csv.');
    assert.equal(rowOf(host, 'data.csv').querySelector('pre')!.textContent, 'a,b\r\n1,2\r\n');
  });

  test('the Add file button opens a picker whose files are added', async () => {
    const env = uniqueName('picker');
    await python(env, 'pass');
    const host = await openPanel(env);
    const input = host.shadowRoot!.querySelector<HTMLInputElement>('.add-file-input')!;
    assert.isTrue(input.multiple);
    const isPickerOpened = stubFilePicker(input);
    buttonNamed(host.shadowRoot!, 'Add file').click();
    assert.isTrue(isPickerOpened());
    const transfer = new DataTransfer();
    transfer.items.add(new File(['one'], 'one.txt'));
    transfer.items.add(new File(['two'], 'two.txt'));
    input.files = transfer.files;
    input.dispatchEvent(new Event('change'));
    await until(() => messages(host).includes('Added two.txt.'), 'both files');
    assert.equal(await python(env, 'open("one.txt").read() + open("two.txt").read()'), "'onetwo'");
  });

  test("keeps the reader's file name as it is: sales+q1 (2).csv stays sales+q1 (2).csv", async () => {
    const env = uniqueName('keep-name');
    const host = await openPanel(env);
    const names = ['sales+q1 (2).csv', '$(x) & [y] #1.txt', 'café ☕.json', '.hidden', ' spaced '];
    await host.addDataFiles(names.map((name) => new File(['x'], name)));
    assert.equal(
      await python(env, 'import os\nsorted(os.listdir("."))'),
      await python(env, `sorted(${JSON.stringify(names)})`),
    );
    assert.include(messages(host), 'Added sales+q1 (2).csv.');
    assert.notInclude(messages(host), 'renamed');
  });

  const refusedNames: [name: string, reason: string][] = [
    ['../../evil.csv', 'the name contains /, which separates folders'],
    ['..', '".." names a folder, not a file'],
    ['.', '"." names a folder, not a file'],
    ['nul\u0000.csv', 'the name contains a NUL character'],
    [`${'é'.repeat(128)}.csv`, 'the name is 260 bytes long in UTF-8, more than 255'],
  ];
  for (const [name, reason] of refusedNames) {
    test(`refuses the file name ${JSON.stringify(name.slice(0, 20))} with a clear message and adds nothing`, async () => {
      const env = uniqueName('refuse-name');
      const host = await openPanel(env);
      await python(env, 'open("kept.txt", "w").write("kept")');
      await host.addDataFiles([new File(['x'], name), new File(['y'], 'fine.txt')]);
      await host.updateComplete;
      assert.include(messages(host), `${JSON.stringify(name)} was not added: ${reason}.`);
      assert.include(messages(host), 'Added fine.txt.');
      assert.equal(
        await python(env, 'import os\n(sorted(os.listdir(".")), os.path.exists("../../evil.csv"))'),
        "(['fine.txt', 'kept.txt'], False)",
      );
    });
  }

  test('adding over an existing file asks first, and replaces it only after Replace', async () => {
    const env = uniqueName('overwrite');
    await python(env, 'open("data.txt", "w").write("old")');
    const host = await openPanel(env);
    const root = host.shadowRoot!;
    const adding = host.addDataFiles([new File(['new'], 'data.txt')]);
    await until(() => root.querySelector('.state-question') !== null, 'the question');
    await host.updateComplete;
    assert.include(
      text(root.querySelector('.state-question')),
      'data.txt already exists. Replace it with the new file?',
    );
    assert.equal(root.activeElement, buttonNamed(root, 'Cancel adding data.txt'));
    assert.equal(await python(env, 'open("data.txt").read()'), "'old'");
    assert.deepEqual(await accessibilityViolations(host), []);

    buttonNamed(root, 'Replace data.txt').click();
    await adding;
    assert.equal(await python(env, 'open("data.txt").read()'), "'new'");
    await host.updateComplete;
    assert.include(messages(host), 'Replaced data.txt.');
    assert.isNull(root.querySelector('.state-question'));

    const cancelled = host.addDataFiles([new File(['newer'], 'data.txt')]);
    await until(() => root.querySelector('.state-question') !== null, 'the second question');
    buttonNamed(root, 'Cancel adding data.txt').click();
    await cancelled;
    assert.equal(await python(env, 'open("data.txt").read()'), "'new'");
    await host.updateComplete;
    assert.include(messages(host), 'Kept the existing data.txt; the new data.txt was not added.');
  });

  test('refuses a file over the size limit, naming the file and the limit', async () => {
    const env = uniqueName('limit');
    const host = await openPanel(env);
    configure({ maxFileBytes: 10 });
    try {
      await host.addDataFiles([
        new File(['01234567890123456789'], 'big.csv'),
        new File(['small'], 'small.csv'),
      ]);
    } finally {
      configure({ maxFileBytes: undefined });
    }
    await host.updateComplete;
    const error = host.shadowRoot!.querySelector('.state-message.error')!;
    assert.equal(
      text(error),
      'big.csv was not added: it is 20 B, over the limit of 10 B per file.',
    );
    assert.equal(await python(env, 'import os\nsorted(os.listdir("."))'), "['small.csv']");
  });

  test('Export CSV downloads the whole table as RFC 4180 text', async () => {
    const env = uniqueName('csv');
    await python(env, SHOP);
    const host = await openPanel(env);
    const download = await captureDownload(() =>
      buttonNamed(host.shadowRoot!, 'Export CSV of items in shop.db').click(),
    );
    assert.equal(download.name, 'shop-items.csv');
    assert.equal(
      await download.blob.text(),
      'id,label,amount\r\n' +
        '1,plain,42\r\n' +
        '2,"with, comma",1.5\r\n' +
        '3,"with ""quote""",\r\n' +
        '4,"line\nbreak",9007199254740993\r\n' +
        '5,"cr\rhere",-1\r\n',
    );
    await until(() => messages(host).includes('Exported 5 rows'), 'the message');
    assert.include(messages(host), 'Exported 5 rows of items as shop-items.csv.');
  });

  test('Export .xlsx downloads a workbook that holds the table', async () => {
    const env = uniqueName('xlsx');
    await python(env, SHOP);
    const host = await openPanel(env);
    const download = await captureDownload(() =>
      buttonNamed(host.shadowRoot!, 'Export .xlsx of items in shop.db').click(),
    );
    assert.equal(download.name, 'shop-items.xlsx');
    const data = new Uint8Array(await download.blob.arrayBuffer());
    await sharedRuntime().call('writeFiles', {
      env,
      files: [{ path: 'out.xlsx', data }],
      overwrite: true,
    });
    const sheet = await python(
      env,
      'import zipfile\narchive = zipfile.ZipFile("out.xlsx")\nassert archive.testzip() is None\narchive.read("xl/worksheets/sheet1.xml").decode()',
    );
    assert.include(sheet, 'with, comma');
    assert.include(sheet, 'with "quote"');
    assert.include(sheet, '<v>1.5</v>');
  });

  test('a 50 MB database lists its tables and first rows', async function () {
    this.timeout(120_000);
    const env = uniqueName('big');
    await python(
      env,
      `import sqlite3
connection = sqlite3.connect("big.db")
connection.execute("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)")
connection.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000) INSERT INTO blobs (data) SELECT randomblob(1000) FROM n")
connection.commit()
connection.close()`,
    );
    const host = await openPanel(env);
    const row = rowOf(host, 'big.db');
    assert.match(text(row.querySelector('.file-size')), /^(4\d|5\d)\.\d MB$/);
    const table = row.querySelector('table')!;
    assert.equal(text(table.caption), 'blobs: 50,000 rows, 2 columns, first 20 shown');
    assert.lengthOf(table.querySelectorAll('tbody tr'), 20);
    assert.equal(text(table.querySelector('tbody td:nth-child(2)')), '<1000 bytes>');
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`passes axe in the ${colorScheme} scheme with every kind of file and a Delete confirmation`, async () => {
      await emulateMedia({ colorScheme });
      try {
        const env = uniqueName('axe');
        await python(
          env,
          `${SHOP}\nimport json\njson.dump({"a": 1}, open("s.json", "w"))\nopen("t.txt", "w").write("t")\nopen("b.bin", "wb").write(b"\\x00" * 10)\nopen("big.txt", "w").write("x" * 50000)`,
        );
        const host = await openPanel(env);
        assert.deepEqual(await accessibilityViolations(host), [], 'listing');
        buttonNamed(host.shadowRoot!, 'Delete t.txt').click();
        await host.updateComplete;
        assert.deepEqual(await accessibilityViolations(host), [], 'confirmation');
        await host.addDataFiles([new File(['x'], 'added.txt')]);
        await host.updateComplete;
        assert.deepEqual(await accessibilityViolations(host), [], 'a message');
      } finally {
        await emulateMedia({ colorScheme: 'light' });
      }
    });
  }
});
