import { assert } from 'chai';
import type { PyStateRunnerElement } from '../../../src/index.js';
import { setSharedStateStore } from '../../../src/persist/shared-state-store.js';
import { StateStore } from '../../../src/persist/state-store.js';
import { storageKeyFor } from '../../../src/persist/storage-key.js';
import { toStoreError } from '../../../src/persist/store-error.js';
import type { LoadResult, SaveInput, SaveResult } from '../../../src/persist/store-types.js';
import { resetSharedRuntime } from '../../../src/runtime/shared-runtime.js';
import { addCell, removeCells, uniqueName, until, useLocalPyodide } from '../../helpers.js';
import { contents, dispose, raw } from '../../persist/store-helpers.js';

const COUNTER = `
import json, os
n = json.load(open("counter.json"))["n"] + 1 if os.path.exists("counter.json") else 1
json.dump({"n": n}, open("counter.json", "w"))
print(n)
`;

/** A real store on a database of its own that can be told to fail as a full or broken disk does. */
class FailingStore extends StateStore {
  failure: 'quota' | 'broken' | 'unavailable' | undefined;
  /** While set, `load` (which verifies every file) waits for it: what the cell shows before then came from `peekCode`. */
  loadGate: Promise<void> | undefined;

  override save(key: string, input: SaveInput): Promise<SaveResult> {
    if (this.failure === 'quota') {
      return Promise.reject(
        toStoreError(
          new DOMException('The quota was exceeded', 'QuotaExceededError'),
          `save ${key}`,
        ),
      );
    }
    if (this.failure === 'broken') return Promise.reject(new TypeError('the disk went away'));
    if (this.failure === 'unavailable') {
      return Promise.reject(
        toStoreError(new DOMException('blocked', 'UnknownError'), `save ${key}`),
      );
    }
    return super.save(key, input);
  }

  override load(key: string): Promise<LoadResult> {
    if (this.failure === 'unavailable') {
      return Promise.reject(
        toStoreError(new DOMException('blocked', 'UnknownError'), `load ${key}`),
      );
    }
    const gate = this.loadGate;
    return gate ? gate.then(() => super.load(key)) : super.load(key);
  }
}

function warningText(cell: PyStateRunnerElement): string {
  return cell.shadowRoot!.querySelector('[part~=storage-warning]')?.textContent ?? '';
}

async function reload(name: string): Promise<PyStateRunnerElement> {
  removeCells();
  resetSharedRuntime();
  useLocalPyodide();
  const cell = await addCell(COUNTER, { name });
  await cell.persistSettled();
  return cell;
}

suite('persist: storage that fails', function () {
  this.timeout(120000);
  let store: FailingStore;

  setup(() => {
    store = new FailingStore({ databaseName: `psr-test-${crypto.randomUUID()}`, warn: () => {} });
    setSharedStateStore(store);
    useLocalPyodide();
  });

  teardown(async () => {
    store.failure = undefined;
    for (const cell of document.querySelectorAll('py-state-runner')) {
      await (cell as PyStateRunnerElement).persistSettled();
    }
    removeCells();
    setSharedStateStore(undefined);
    await dispose(store);
  });

  for (const failure of ['quota', 'broken'] as const) {
    test(`a save that fails (${failure}) warns with a Save suggestion, keeps the previous revision, and the cell keeps running`, async () => {
      const name = uniqueName(failure);
      const key = storageKeyFor({ location, name });
      const cell = await addCell(COUNTER, { name });
      assert.equal((await cell.run()).stdout, '1\n');
      await cell.persistSettled();
      store.failure = failure;
      const result = await cell.run();
      assert.equal(result.stdout, '2\n');
      await cell.persistSettled();
      await until(() => warningText(cell) !== '', 'the warning');
      assert.match(warningText(cell), failure === 'quota' ? /quota/ : /browser storage/);
      assert.match(warningText(cell), /Save/);
      const stored = await store.load(key);
      assert.equal(stored.kind, 'restored');
      if (stored.kind === 'restored') {
        assert.equal(stored.revision, 1);
        assert.deepEqual(contents(stored.files), { 'counter.json': '{"n": 1}' });
      }
      assert.equal((await cell.run()).stdout, '3\n');
      // Once storage works again, the whole folder is saved, with nothing lost.
      store.failure = undefined;
      assert.equal((await cell.run()).stdout, '4\n');
      await cell.persistSettled();
      assert.equal(warningText(cell), '');
      const again = await store.load(key);
      assert.equal(again.kind === 'restored' && contents(again.files)['counter.json'], '{"n": 4}');
    });
  }

  test('without IndexedDB the cell warns, keeps its code, and runs', async () => {
    store.failure = 'unavailable';
    const name = uniqueName('unavailable');
    const cell = await addCell(COUNTER, { name });
    await cell.persistSettled();
    assert.match(warningText(cell), /not available/);
    assert.equal(cell.code.trim(), COUNTER.trim());
    assert.equal((await cell.run()).stdout, '1\n');
    assert.equal((await cell.run()).stdout, '2\n');
  });

  test('a damaged newest revision is skipped with a warning: the cell restores the one before', async () => {
    const name = uniqueName('damaged');
    const key = storageKeyFor({ location, name });
    const cell = await addCell(COUNTER, { name });
    await cell.run();
    await cell.run();
    await cell.persistSettled();
    const db = await raw(store);
    const newest = await db.get('revisions', [key, 2]);
    await db.put('revisions', { ...newest, code: 'import os; os.remove("everything")' });
    db.close();
    const again = await reload(name);
    assert.match(warningText(again), /damaged/);
    assert.equal(again.code.trim(), COUNTER.trim());
    assert.equal((await again.run()).stdout, '2\n');
    await again.persistSettled();
    // The next save is whole, on top of the damaged revision.
    const stored = await store.load(key);
    assert.equal(stored.kind === 'restored' && stored.revision, 3);
  });

  test('the newest code shows before its files are verified; when a file proves damaged the cell switches to the revision before', async () => {
    const name = uniqueName('damaged-file');
    const key = storageKeyFor({ location, name });
    const second = `${COUNTER.trim()}\n# second`;
    const cell = await addCell(COUNTER, { name });
    await cell.run();
    cell.code = second;
    await cell.run();
    await cell.persistSettled();
    const db = await raw(store);
    const newest = (await db.get('revisions', [key, 2])) as { files: { sha256: string }[] };
    const sha = newest.files[0]!.sha256;
    await db.put('blobs', { sha256: sha, data: new TextEncoder().encode('{"n": 99}') });
    db.close();
    let release!: () => void;
    store.loadGate = new Promise((resolve) => {
      release = resolve;
    });
    removeCells();
    resetSharedRuntime();
    useLocalPyodide();
    // Not awaited: a cell's updateComplete waits for the (held) load.
    const adding = addCell(COUNTER, { name });
    const again = document.querySelector(`py-state-runner[name="${name}"]`) as PyStateRunnerElement;
    await until(() => again.code === second, 'the newest code, shown from its manifest');
    store.loadGate = undefined;
    release();
    await adding;
    await again.persistSettled();
    assert.match(warningText(again), /damaged/);
    assert.equal(again.code.trim(), COUNTER.trim());
    // The damaged file ({"n": 99}) never reaches Python: the count goes on from revision 1.
    assert.equal((await again.run()).stdout, '2\n');
  });

  test('when every revision is damaged the cell has the author’s code and an empty folder', async () => {
    const name = uniqueName('all-damaged');
    const key = storageKeyFor({ location, name });
    const cell = await addCell(COUNTER, { name });
    await cell.run();
    cell.code = 'print("edited")';
    await cell.run();
    await cell.persistSettled();
    const db = await raw(store);
    for (const sha of await db.getAllKeys('blobs')) {
      await db.put('blobs', { sha256: sha, data: new Uint8Array([1, 2, 3]) });
    }
    db.close();
    const again = await reload(name);
    assert.match(warningText(again), /damaged/);
    assert.equal(again.code.trim(), COUNTER.trim());
    assert.equal((await again.run()).stdout, '1\n');
    void key;
  });
});
