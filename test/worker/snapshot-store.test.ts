import { assert } from 'chai';
import { LISTED_DATABASES } from '../../src/protocol.js';
import {
  findSnapshot,
  SnapshotUnusableError,
  writeSnapshot,
} from '../../src/worker/snapshot/snapshot-store.js';
import { uniqueName } from '../helpers.js';

suite('snapshot store: looking for a snapshot', () => {
  test('a first visit learns there is none without creating the database', async () => {
    const database = uniqueName('snapshot-lookup');
    let failure: unknown;
    try {
      await findSnapshot(database, 'any key');
    } catch (error) {
      failure = error;
    }
    assert.instanceOf(failure, SnapshotUnusableError);
    assert.equal((failure as SnapshotUnusableError).reason, 'missing');
    const names = (await indexedDB.databases()).map((entry) => entry.name);
    assert.notInclude(names, database);
  });

  test('a snapshot is written where something opened the database without its store first', async () => {
    const database = uniqueName('snapshot-probed');
    // What a page's probe does: indexedDB.open(name) with no version makes an empty version 1.
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open(database);
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error);
    });
    try {
      await writeSnapshot(database, 'the key', new Uint8Array([4, 5, 6]));
      const found = await findSnapshot(database, 'the key');
      assert.deepEqual([...(await found.checkedBytes())], [4, 5, 6]);
      // And again, as later visits open it: the upgraded version is kept, not asked for anew.
      await writeSnapshot(database, 'the key', new Uint8Array([7]));
      assert.deepEqual([...(await (await findSnapshot(database, 'the key')).checkedBytes())], [7]);
    } finally {
      indexedDB.deleteDatabase(database);
    }
  });

  test('takes the list of databases the worker shim asked for, once', async () => {
    const database = uniqueName('snapshot-listed');
    const key = 'the key';
    await writeSnapshot(database, key, new Uint8Array([1, 2, 3]));
    const scope = globalThis as unknown as Record<symbol, unknown>;
    try {
      // As the shim leaves it, asked for before this database existed.
      scope[Symbol.for(LISTED_DATABASES)] = Promise.resolve([]);
      const first = await findSnapshot(database, key).then(
        () => 'found',
        (error: unknown) => (error instanceof SnapshotUnusableError ? error.reason : String(error)),
      );
      assert.equal(first, 'missing', 'the list the shim left was used');
      assert.isUndefined(scope[Symbol.for(LISTED_DATABASES)], 'taken');
      const second = await findSnapshot(database, key);
      assert.deepEqual([...(await second.checkedBytes())], [1, 2, 3], 'a later lookup asks again');
    } finally {
      delete scope[Symbol.for(LISTED_DATABASES)];
      indexedDB.deleteDatabase(database);
    }
  });
});
