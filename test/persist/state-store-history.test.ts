import { assert } from 'chai';
import {
  blobKeys,
  contents,
  dispose,
  freshStore,
  noise,
  raw,
  storeRefusal,
  text,
} from './store-helpers.js';

type Store = ReturnType<typeof freshStore>;

/** Three revisions: add a.txt, change it and add b.txt, remove a.txt. */
async function threeRevisions(store: Store): Promise<void> {
  await store.save('cell', { code: 'v1', files: [text('a.txt', 'one')], baseRevision: 0 });
  await store.save('cell', {
    code: 'v1',
    files: [text('a.txt', 'two'), text('b.txt', 'b')],
    baseRevision: 1,
  });
  await store.save('cell', { code: 'v3', files: [text('b.txt', 'b')], baseRevision: 2 });
}

/** Replaces a stored record through raw IndexedDB, as a damaged disk or profile would. */
async function tamper(
  store: Store,
  storeName: string,
  key: IDBValidKey,
  change: (value: Record<string, unknown>) => void,
) {
  const db = await raw(store);
  try {
    const value = (await db.get(storeName, key)) as Record<string, unknown>;
    change(value);
    await db.put(storeName, value);
  } finally {
    db.close();
  }
}

async function shaOf(store: Store, revision: number, path: string): Promise<string> {
  const db = await raw(store);
  try {
    const manifest = (await db.get('revisions', ['cell', revision])) as {
      files: { path: string; sha256: string }[];
    };
    return manifest.files.find((file) => file.path === path)!.sha256;
  } finally {
    db.close();
  }
}

suite('state store: history', () => {
  test('lists revisions newest first with their time and what each changed', async () => {
    const store = freshStore();
    await threeRevisions(store);
    const history = await store.history('cell');
    assert.deepEqual(
      history.map(({ revision, changes, fileCount, damaged }) => ({
        revision,
        changes,
        fileCount,
        damaged,
      })),
      [
        {
          revision: 3,
          changes: { added: [], changed: [], removed: ['a.txt'], code: true },
          fileCount: 1,
          damaged: false,
        },
        {
          revision: 2,
          changes: { added: ['b.txt'], changed: ['a.txt'], removed: [], code: false },
          fileCount: 2,
          damaged: false,
        },
        {
          revision: 1,
          changes: { added: ['a.txt'], changed: [], removed: [], code: true },
          fileCount: 1,
          damaged: false,
        },
      ],
    );
    for (const entry of history) assert.isFalse(Number.isNaN(Date.parse(entry.savedAt)));
    await dispose(store);
  });

  test('reads any kept revision back', async () => {
    const store = freshStore();
    await threeRevisions(store);
    const second = await store.readRevision('cell', 2);
    assert.deepEqual(contents(second.files), { 'a.txt': 'two', 'b.txt': 'b' });
    assert.strictEqual(second.code, 'v1');
    await dispose(store);
  });

  test('restores an old revision as the newest without writing its files again, and Undo restores the one before', async () => {
    const store = freshStore();
    await threeRevisions(store);
    const restored = await store.restoreRevision('cell', 1, 3);
    assert.include(restored, { revision: 4, blobsWritten: 0 });
    const loaded = await store.load('cell');
    assert.deepEqual(loaded.kind === 'restored' && contents(loaded.files), { 'a.txt': 'one' });
    await store.restoreRevision('cell', 3, 4);
    const undone = await store.load('cell');
    assert.deepEqual(undone.kind === 'restored' && [undone.code, contents(undone.files)], [
      'v3',
      { 'b.txt': 'b' },
    ]);
    await dispose(store);
  });

  test('keeps the last maxRevisions revisions and collects blobs only dropped ones named', async () => {
    const store = freshStore({ maxRevisions: 2 });
    await threeRevisions(store);
    assert.deepEqual(
      (await store.history('cell')).map((entry) => entry.revision),
      [3, 2],
    );
    const missing = await storeRefusal(store.readRevision('cell', 1));
    assert.strictEqual(missing.reason, 'missing');
    // "one" was named by revision 1 only; "two" and "b" are still named by revision 2.
    assert.lengthOf(await blobKeys(store), 2);
    await dispose(store);
  });

  test('bounds history by size, always keeping the newest revision', async () => {
    const store = freshStore({ maxHistoryBytes: 15_000 });
    for (let revision = 1; revision <= 3; revision++) {
      const files = [{ path: 'big.bin', data: noise(10_000, revision * 7919) }];
      await store.save('cell', { code: '', files, baseRevision: revision - 1 });
    }
    assert.deepEqual(
      (await store.history('cell')).map((entry) => entry.revision),
      [3],
    );
    assert.lengthOf(await blobKeys(store), 1);
    await dispose(store);
  });

  test('remove drops every revision and draft of a key and the blobs only it named', async () => {
    const store = freshStore();
    await threeRevisions(store);
    await store.save('other', { code: '', files: [text('b.txt', 'b')], baseRevision: 0 });
    await store.saveDraft('cell', 'draft', 3);
    await store.remove('cell');
    const loaded = await store.load('cell');
    assert.deepEqual([loaded.kind, loaded.draft], ['empty', undefined]);
    assert.lengthOf(await blobKeys(store), 1, 'b.txt stays: "other" names it');
    await dispose(store);
  });
});

suite('state store: damaged records', () => {
  test('skips a revision whose manifest was altered, with a warning, and restores the one before', async () => {
    const warned: string[] = [];
    const store = freshStore({ warn: (message) => warned.push(message) });
    await threeRevisions(store);
    await tamper(store, 'revisions', ['cell', 3], (manifest) => {
      manifest.code = 'import os; os.system("evil")';
    });
    const loaded = await store.load('cell');
    assert.include(loaded.kind === 'restored' ? loaded : {}, {
      revision: 2,
      headRevision: 3,
      code: 'v1',
    });
    assert.match(
      loaded.warnings.join('\n'),
      /Revision 3 of cell is damaged \(its checksum does not match\)/,
    );
    assert.deepEqual(warned, loaded.warnings);
    assert.isTrue((await store.history('cell'))[0]!.damaged);
    await dispose(store);
  });

  test('skips a revision whose file data no longer matches its sha256', async () => {
    const store = freshStore();
    await store.save('cell', { code: 'v1', files: [text('a.txt', 'one')], baseRevision: 0 });
    await store.save('cell', { code: 'v2', files: [text('a.txt', 'two')], baseRevision: 1 });
    await tamper(store, 'blobs', await shaOf(store, 2, 'a.txt'), (blob) => {
      (blob.data as Uint8Array)[0] = 0x54;
    });
    const loaded = await store.load('cell');
    assert.include(loaded.kind === 'restored' ? loaded : {}, { revision: 1, code: 'v1' });
    assert.match(loaded.warnings[0]!, /the stored data of a\.txt does not match its sha256/);
    const error = await storeRefusal(store.readRevision('cell', 2));
    assert.strictEqual(error.reason, 'corrupt');
    await dispose(store);
  });

  test('says nothing is usable when every revision is damaged, and a full save still works on top', async () => {
    const store = freshStore();
    await store.save('cell', { code: 'v1', files: [text('a.txt', 'one')], baseRevision: 0 });
    await tamper(store, 'revisions', ['cell', 1], (manifest) => {
      manifest.files = 'garbage';
    });
    const loaded = await store.load('cell');
    assert.deepEqual([loaded.kind, loaded.headRevision], ['unusable', 1]);
    assert.match(loaded.warnings.join('\n'), /Nothing usable is stored for cell/);
    const delta = await storeRefusal(
      store.save('cell', { code: 'v2', delta: { changed: [], removed: [] }, baseRevision: 1 }),
    );
    assert.strictEqual(delta.reason, 'corrupt');
    await store.save('cell', { code: 'v2', files: [text('a.txt', 'fresh')], baseRevision: 1 });
    const after = await store.load('cell');
    assert.deepEqual(after.kind === 'restored' && contents(after.files), { 'a.txt': 'fresh' });
    await dispose(store);
  });

  test('ignores a damaged code draft with a warning', async () => {
    const store = freshStore();
    await store.saveDraft('cell', 'typed', 0);
    await tamper(store, 'drafts', 'cell', (draft) => {
      draft.code = 'changed on disk';
    });
    const loaded = await store.load('cell');
    assert.isUndefined(loaded.draft);
    assert.match(loaded.warnings[0]!, /unsaved code edit of cell is damaged/);
    await dispose(store);
  });
});

suite('state store: peeking at the code', () => {
  test('reads the newest code without its files, even one whose file data is damaged; load still falls back', async () => {
    const warned: string[] = [];
    const store = freshStore({ warn: (message) => warned.push(message) });
    await store.save('cell', { code: 'v1', files: [text('a.txt', 'one')], baseRevision: 0 });
    await store.save('cell', { code: 'v2', files: [text('a.txt', 'two')], baseRevision: 1 });
    await tamper(store, 'blobs', await shaOf(store, 2, 'a.txt'), (blob) => {
      (blob.data as Uint8Array)[0] = 0x54;
    });
    const peeked = await store.peekCode('cell');
    assert.equal(peeked.headRevision, 2);
    assert.deepInclude(peeked.newest ?? {}, { revision: 2, code: 'v2' });
    assert.deepEqual(warned, [], 'peeking warns about nothing: load does');
    const loaded = await store.load('cell');
    assert.include(loaded.kind === 'restored' ? loaded : {}, { revision: 1, code: 'v1' });
    await dispose(store);
  });

  test('gives no code for a newest manifest that was altered, nor a damaged draft', async () => {
    const store = freshStore();
    await threeRevisions(store);
    await store.saveDraft('cell', 'typed', 3);
    await tamper(store, 'revisions', ['cell', 3], (manifest) => {
      manifest.code = 'import os; os.system("evil")';
    });
    await tamper(store, 'drafts', 'cell', (draft) => {
      draft.code = 'changed on disk';
    });
    const peeked = await store.peekCode('cell');
    assert.deepEqual([peeked.headRevision, peeked.newest, peeked.draft], [3, undefined, undefined]);
    await dispose(store);
  });

  test('gives the draft edited after the newest revision, and revision 0 for an empty key', async () => {
    const store = freshStore();
    const empty = await store.peekCode('cell');
    assert.deepEqual([empty.headRevision, empty.newest, empty.draft], [0, undefined, undefined]);
    await store.save('cell', { code: 'v1', files: [], baseRevision: 0 });
    await store.saveDraft('cell', 'typed', 1);
    const peeked = await store.peekCode('cell');
    assert.include(peeked.draft ?? {}, { code: 'typed', baseRevision: 1 });
    assert.include(peeked.newest ?? {}, { revision: 1, code: 'v1' });
    await dispose(store);
  });
});
