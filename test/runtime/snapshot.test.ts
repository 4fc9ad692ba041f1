import { assert } from 'chai';
import { PythonRuntimeError } from '../../src/runtime/errors.js';
import { RuntimeClient } from '../../src/runtime/runtime-client.js';
import { openSnapshotDatabase } from '../../src/worker/snapshot/snapshot-store.js';
import { PYODIDE_URL, uniqueName } from '../helpers.js';

/*
 * A "visit" here is a fresh RuntimeClient: a new worker and a new Pyodide,
 * sharing nothing with the one before but IndexedDB, as a reload would. Each
 * test has its own snapshot database, filled from one snapshot made once.
 */

const STORE = 'snapshot';
const RECORD = 'runtime';

interface StoredRecord {
  key: string;
  size: number;
  sha256: string;
  bytes: ArrayBuffer;
  savedAt: string;
}

async function readRecord(database: string): Promise<StoredRecord | undefined> {
  const db = await openSnapshotDatabase(database);
  try {
    return await db.get(STORE, RECORD);
  } finally {
    db.close();
  }
}

async function writeRecord(database: string, record: StoredRecord): Promise<void> {
  const db = await openSnapshotDatabase(database);
  try {
    await db.put(STORE, record, RECORD);
  } finally {
    db.close();
  }
}

async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function newClient(database: string, snapshot = true): RuntimeClient {
  const client = new RuntimeClient({ snapshotDatabase: database });
  client.configure({ indexURL: new URL(PYODIDE_URL, location.href).href, snapshot });
  return client;
}

function nextReady(client: RuntimeClient): Promise<boolean> {
  return new Promise((resolve) =>
    client.addEventListener(
      'ready',
      (event) => resolve((event as CustomEvent).detail.fromSnapshot),
      {
        once: true,
      },
    ),
  );
}

const LEDGER = `
import sqlite3
db = sqlite3.connect("ledger.db")
db.execute("CREATE TABLE IF NOT EXISTS entries (item TEXT, amount REAL)")
db.execute("INSERT INTO entries VALUES ('coffee', 3.5), ('bread', 2.25)")
db.commit()
print(db.execute("SELECT COUNT(*), SUM(amount) FROM entries").fetchone())
db.close()
`;

suite('memory snapshot boot', () => {
  /** The snapshot the first visit made, copied into each test's database. */
  let made: StoredRecord;
  const clients: RuntimeClient[] = [];
  const track = (client: RuntimeClient) => {
    clients.push(client);
    return client;
  };

  suiteSetup(async () => {
    const database = uniqueName('snapshot-db');
    const first = track(newClient(database));
    const result = await first.run('first', 'x = 1\nprint(x)', '<first>');
    assert.isTrue(result.ok, result.error?.traceback);
    assert.equal(first.bootMode, 'normal', 'an empty database: a normal boot');
    const outcome = await first.snapshotOutcome();
    assert.deepInclude(outcome, { isSaved: true });
    const record = await readRecord(database);
    assert.isDefined(record, 'the snapshot was written');
    made = record!;
  });

  teardown(() => {
    for (const client of clients.splice(0))
      client.dispose(new PythonRuntimeError('stopped', 'The test is over.'));
  });

  test('the first visit stores a whole snapshot, its length and sha256 beside it', async () => {
    assert.isAbove(made.size, 10 * 1024 * 1024);
    assert.equal(made.bytes.byteLength, made.size);
    assert.equal(await sha256Hex(made.bytes), made.sha256);
    assert.include(made.key, '"pyodide":"314.0.7"');
  });

  test('a second visit boots from the snapshot and runs the ledger workflow with SQLite', async () => {
    const database = uniqueName('snapshot-db');
    await writeRecord(database, made);
    const client = track(newClient(database));
    const ready = nextReady(client);
    const ledger = await client.run('ledger', LEDGER, '<ledger>');
    assert.isTrue(ledger.ok, ledger.error?.traceback);
    assert.isTrue(await ready, 'the ready event says it booted from the snapshot');
    assert.equal(client.bootMode, 'snapshot');
    assert.equal(ledger.stdout, '(2, 5.75)\n');
    const again = await client.run('ledger', LEDGER, '<ledger>');
    assert.equal(again.stdout, '(4, 11.5)\n', 'the database file kept its rows');
    const files = await client.filesOf('ledger');
    assert.deepEqual(
      files.map((file) => file.path),
      ['ledger.db'],
    );
    const clean = await client.run(
      'other',
      'import sys\nprint("x" in globals(), sys.path.count(""), any("py-state-runner" in p for p in sys.path))\n' +
        'import importlib.util\nprint(importlib.util.find_spec("_py_state_runner"))',
      '<other>',
    );
    assert.equal(
      clean.stdout,
      'False 1 False\nNone\n',
      'no globals of the first visit, one "" on sys.path, and the host out of reach',
    );
    assert.isUndefined(client.snapshotOutcome(), 'a usable snapshot is not made again');
  });

  const damages: [string, (record: StoredRecord) => Promise<StoredRecord>][] = [
    [
      'a corrupt snapshot (a byte changed, checksum as stored)',
      async (record) => {
        const bytes = record.bytes.slice(0);
        new Uint8Array(bytes)[Math.floor(bytes.byteLength / 2)] ^= 0xff;
        return { ...record, bytes };
      },
    ],
    [
      'a truncated snapshot',
      async (record) => ({ ...record, bytes: record.bytes.slice(0, record.size / 2) }),
    ],
    [
      'a snapshot Pyodide refuses to boot from (whole, checksum matching)',
      async (record) => {
        const bytes = new Uint8Array(1024 * 1024).fill(7).buffer;
        return { ...record, bytes, size: bytes.byteLength, sha256: await sha256Hex(bytes) };
      },
    ],
  ];
  for (const [what, damage] of damages) {
    test(`${what} falls back to a normal boot, unseen, and is replaced`, async () => {
      const database = uniqueName('snapshot-db');
      await writeRecord(database, await damage(made));
      const client = track(newClient(database));
      const result = await client.run('fallback', 'print("still runs")', '<fallback>');
      assert.isTrue(result.ok, result.error?.traceback);
      assert.equal(result.stdout, 'still runs\n');
      assert.equal(client.bootMode, 'normal');
      assert.deepInclude(await client.snapshotOutcome(), { isSaved: true });
      const replaced = await readRecord(database);
      assert.equal(replaced?.key, made.key);
      assert.equal(replaced?.size, replaced?.bytes.byteLength);
      assert.equal(await sha256Hex(replaced!.bytes), replaced?.sha256);
    });
  }

  test('a snapshot under another key is ignored and replaced', async () => {
    const database = uniqueName('snapshot-db');
    const otherKey = made.key.replace('"pyodide":"314.0.7"', '"pyodide":"0.0.1"');
    assert.notEqual(otherKey, made.key);
    await writeRecord(database, { ...made, key: otherKey });
    const client = track(newClient(database));
    assert.isTrue((await client.run('other-key', 'pass', '<other-key>')).ok);
    assert.equal(client.bootMode, 'normal');
    assert.deepInclude(await client.snapshotOutcome(), { isSaved: true });
    assert.equal((await readRecord(database))?.key, made.key);
  });

  test('snapshot: false reads no snapshot and writes none', async () => {
    const stored = uniqueName('snapshot-db');
    await writeRecord(stored, made);
    const reading = track(newClient(stored, false));
    assert.isTrue((await reading.run('off', 'pass', '<off>')).ok);
    assert.equal(reading.bootMode, 'normal', 'a usable snapshot was there, and not used');
    assert.isUndefined(reading.snapshotOutcome());

    const empty = uniqueName('snapshot-db');
    const writing = track(newClient(empty, false));
    assert.isTrue((await writing.run('off', 'pass', '<off>')).ok);
    assert.isUndefined(writing.snapshotOutcome(), 'no snapshot is scheduled');
    const names = (await indexedDB.databases()).map((entry) => entry.name);
    assert.notInclude(names, empty, 'not even the database was created');
  });

  test('a Stop without isolation restarts from the snapshot and keeps the files', async () => {
    assert.isFalse(crossOriginIsolated);
    const database = uniqueName('snapshot-db');
    await writeRecord(database, made);
    const client = track(newClient(database));
    const owner = {};
    const written = await client.run(
      'stopped',
      'kept = 1\nopen("kept.txt", "w").write("file")',
      '<stopped>',
      { owner },
    );
    assert.isTrue(written.ok, written.error?.traceback);
    let hasStarted: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      hasStarted = resolve;
    });
    const busy = client.run('stopped', 'while True:\n    pass', '<stopped>', {
      owner,
      onStatus: (status) => {
        if (status === 'running') hasStarted();
      },
    });
    await started;
    const restarted = nextReady(client);
    await client.stop(owner);
    assert.equal((await busy).error?.kind, 'stopped');
    assert.isTrue(await restarted, 'the restart booted from the snapshot');
    assert.equal(client.bootMode, 'snapshot');
    const after = await client.run(
      'stopped',
      'print(open("kept.txt").read(), "kept" in globals())',
      '<stopped>',
    );
    assert.equal(after.stdout, 'file False\n', 'files came back, variables did not');
  });
});
