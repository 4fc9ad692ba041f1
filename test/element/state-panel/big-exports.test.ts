import { assert } from 'chai';
import type { PyStateRunnerElement } from '../../../src/index.js';
import { sharedRuntime } from '../../../src/runtime/shared-runtime.js';
import { accessibilityViolations } from '../../axe.js';
import { captureDownload, uniqueName, until, useLocalPyodide } from '../../helpers.js';
import { longTasksDuring } from '../long-tasks.js';
import { buttonNamed, cellOf, open, python, text } from './panel-helpers.js';

const ROWS = 200_000;

/** A table of 200,000 rows made by SQLite itself, some of whose text looks like a formula. */
const BIG_TABLE = `
import sqlite3
connection = sqlite3.connect("big.db")
connection.execute("CREATE TABLE big (id INTEGER PRIMARY KEY, label TEXT, amount REAL)")
connection.execute(
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS})"
    " INSERT INTO big (label, amount) SELECT CASE WHEN i % 1000 = 0 THEN '=1+' || i ELSE 'row ' || i END, i / 4.0 FROM n"
)
connection.commit()
connection.close()
`;

const MANY_TABLES = `
import sqlite3
connection = sqlite3.connect("wide.db")
for index in range(3000):
    connection.execute(f"CREATE TABLE t{index:04} (id INTEGER, label TEXT)")
    connection.execute(f"INSERT INTO t{index:04} VALUES (1, 'one')")
connection.commit()
connection.close()
`;

function messages(host: PyStateRunnerElement): string {
  return text(host.shadowRoot!.querySelector('.state-messages'));
}

async function bigTablePanel(): Promise<{ env: string; host: PyStateRunnerElement }> {
  const env = uniqueName('export');
  await python(env, BIG_TABLE);
  const host = await cellOf(env);
  await open(host);
  return { env, host };
}

suite('big exports and big databases in the State panel', () => {
  suiteSetup(() => useLocalPyodide());
  teardown(() => {
    for (const host of document.querySelectorAll('py-state-runner')) host.remove();
  });

  test('exports a 200,000-row table as CSV with no main-thread task over 100 ms', async function () {
    this.timeout(180_000);
    const { host } = await bigTablePanel();
    const { value: download, longTasks } = await longTasksDuring(() =>
      captureDownload(() => buttonNamed(host.shadowRoot!, 'Export CSV of big in big.db').click()),
    );
    assert.deepEqual(longTasks, [], 'main-thread tasks over 100 ms');
    assert.equal(download.name, 'big-big.csv');
    const lines = (await download.blob.text()).split('\r\n');
    assert.equal(
      lines.length,
      ROWS + 2,
      'a header, the rows, and the empty end after the last CRLF',
    );
    assert.equal(lines[0], 'id,label,amount');
    assert.equal(lines[1], '1,row 1,0.25');
    assert.equal(lines[1000], "1000,'=1+1000,250", 'a formula written as text');
    assert.equal(lines[ROWS], `${ROWS},'=1+${ROWS},${ROWS / 4}`);
    await until(() => messages(host).includes('Exported 200,000 rows of big'), 'the message');
  });

  test('exports a 200,000-row table as .xlsx with no main-thread task over 100 ms', async function () {
    this.timeout(180_000);
    const { env, host } = await bigTablePanel();
    const { value: download, longTasks } = await longTasksDuring(() =>
      captureDownload(() => buttonNamed(host.shadowRoot!, 'Export .xlsx of big in big.db').click()),
    );
    assert.deepEqual(longTasks, [], 'main-thread tasks over 100 ms');
    assert.equal(download.name, 'big-big.xlsx');
    const data = new Uint8Array(await download.blob.arrayBuffer());
    await sharedRuntime().call('writeFiles', {
      env,
      files: [{ path: 'out.xlsx', data }],
      overwrite: true,
    });
    const check = await python(
      env,
      `import zipfile
archive = zipfile.ZipFile("out.xlsx")
assert archive.testzip() is None
sheet = archive.read("xl/worksheets/sheet1.xml").decode()
(sheet.count("<row "), "<t xml:space=\\"preserve\\">=1+1000</t>" in sheet, "<v>0.25</v>" in sheet)`,
    );
    assert.equal(check, `(${ROWS + 1}, True, True)`);
  });

  test('shows an export in progress with a Cancel that stops it, downloading nothing', async function () {
    this.timeout(180_000);
    const { host } = await bigTablePanel();
    const originalClick = HTMLAnchorElement.prototype.click;
    let downloads = 0;
    HTMLAnchorElement.prototype.click = () => {
      downloads += 1;
    };
    try {
      buttonNamed(host.shadowRoot!, 'Export CSV of big in big.db').click();
      await until(
        () =>
          /Exporting big as CSV: [1-9][\d,]* of 200,000 rows/.test(
            text(host.shadowRoot!.querySelector('.state-export')),
          ),
        'the progress of the export',
      );
      const progress = host.shadowRoot!.querySelector('progress')!;
      assert.equal(progress.max, ROWS);
      assert.isAbove(progress.value, 0);
      assert.deepEqual(await accessibilityViolations(host), []);
      buttonNamed(host.shadowRoot!, 'Cancel the export of big').click();
      await until(() => messages(host).includes('Cancelled the export of big.'), 'the cancel');
      assert.isNull(host.shadowRoot!.querySelector('.state-export'));
      assert.equal(downloads, 0);
    } finally {
      HTMLAnchorElement.prototype.click = originalClick;
    }
  });

  test('lists a database of 3,000 tables in batches with no main-thread task over 100 ms', async function () {
    this.timeout(180_000);
    const env = uniqueName('tables');
    await python(env, MANY_TABLES);
    const host = await cellOf(env);
    const { longTasks } = await longTasksDuring(async () => {
      await open(host);
      await until(
        () =>
          text(host.shadowRoot!.querySelector('.db-table')).includes('first 1 shown') ||
          text(host.shadowRoot!.querySelector('.db-table table')) !== '',
        'the first rows of the tables',
      );
    });
    assert.deepEqual(longTasks, [], 'main-thread tasks over 100 ms');
    assert.equal(host.shadowRoot!.querySelectorAll('.db-table').length, 20);
    assert.include(
      text(host.shadowRoot!.querySelector('.more-tables')),
      '2,980 more tables not shown',
    );
    buttonNamed(host.shadowRoot!, 'Show 20 more tables of wide.db').click();
    await host.updateComplete;
    assert.equal(host.shadowRoot!.querySelectorAll('.db-table').length, 40);
    assert.deepEqual(await accessibilityViolations(host), []);
  });

  test('downloads and deletes files whose names no OS would take, under safe names', async () => {
    const env = uniqueName('names');
    await python(env, 'open("CON", "w").write("device")\nopen("a:b.csv", "w").write("x")');
    const host = await cellOf(env);
    await open(host);
    const device = await captureDownload(() =>
      buttonNamed(host.shadowRoot!, 'Download CON').click(),
    );
    assert.equal(device.name, '_CON');
    assert.equal(await device.blob.text(), 'device');
    const colon = await captureDownload(() =>
      buttonNamed(host.shadowRoot!, 'Download a:b.csv').click(),
    );
    assert.equal(colon.name, 'a_b.csv');
    buttonNamed(host.shadowRoot!, 'Delete a:b.csv').click();
    await host.updateComplete;
    buttonNamed(host.shadowRoot!.querySelector('.confirm')!, 'Delete a:b.csv').click();
    await until(() => messages(host).includes('Deleted a:b.csv.'), 'the delete');
    assert.equal(await python(env, 'import os\nsorted(os.listdir())'), "['CON']");
  });

  test('downloads and deletes a file whose name holds backslashes, as Python wrote it', async () => {
    const env = uniqueName('backslash');
    await python(env, 'open("C:\\\\Users\\\\me\\\\out.csv", "w").write("a,b")');
    const host = await cellOf(env);
    await open(host);
    const name = 'C:\\Users\\me\\out.csv';
    const download = await captureDownload(() =>
      buttonNamed(host.shadowRoot!, `Download ${name}`).click(),
    );
    assert.equal(download.name, 'C__Users_me_out.csv');
    assert.equal(await download.blob.text(), 'a,b');
    buttonNamed(host.shadowRoot!, `Delete ${name}`).click();
    await host.updateComplete;
    buttonNamed(host.shadowRoot!.querySelector('.confirm')!, `Delete ${name}`).click();
    await until(() => messages(host).includes(`Deleted ${name}.`), 'the delete');
    assert.equal(await python(env, 'import os\nsorted(os.listdir())'), '[]');
  });
});
