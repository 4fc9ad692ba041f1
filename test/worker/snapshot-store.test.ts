import { assert } from 'chai';
import { findSnapshot, SnapshotUnusableError } from '../../src/worker/snapshot/snapshot-store.js';
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
});
