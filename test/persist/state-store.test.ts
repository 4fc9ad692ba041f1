import { assert } from 'chai';
import { StaleRevisionError } from '../../src/persist/store-error.js';
import {
  blobKeys,
  contents,
  dispose,
  freshStore,
  noise,
  sameDatabase,
  storeRefusal,
  text,
} from './store-helpers.js';

suite('state store: save and load', () => {
  test('loads nothing from an empty store, at revision 0', async () => {
    const store = freshStore();
    const loaded = await store.load('page:/a#empty');
    assert.strictEqual(loaded.kind, 'empty');
    assert.strictEqual(loaded.headRevision, 0);
    await dispose(store);
  });

  test('loads back the code and files of the last save, byte for byte, with times', async () => {
    const store = freshStore();
    const files = [
      text('app_state.json', '{"n": 1}'),
      { path: 'db/app.db', data: noise(5000), modified: 42 },
    ];
    const result = await store.save('cell', { code: 'print(1)\n', files, baseRevision: 0 });
    assert.include(result, { saved: true, revision: 1, blobsWritten: 2 });
    const loaded = await store.load('cell');
    assert.strictEqual(loaded.kind, 'restored');
    if (loaded.kind !== 'restored') return;
    assert.include(loaded, { revision: 1, headRevision: 1, code: 'print(1)\n' });
    assert.deepEqual(
      loaded.files.map((file) => [file.path, file.size, file.modified]),
      [
        ['app_state.json', 8, 1_700_000_000_000],
        ['db/app.db', 5000, 42],
      ],
    );
    assert.deepEqual(Array.from(loaded.files[1]!.data), Array.from(files[1]!.data));
    await dispose(store);
  });

  test('keeps keys apart', async () => {
    const store = freshStore();
    await store.save('one', { code: 'a', files: [text('x.txt', 'one')], baseRevision: 0 });
    await store.save('two', { code: 'b', files: [text('x.txt', 'two')], baseRevision: 0 });
    const one = await store.load('one');
    assert.strictEqual(one.kind === 'restored' && contents(one.files)['x.txt'], 'one');
    await dispose(store);
  });

  test('a save that changes nothing writes nothing', async () => {
    const store = freshStore();
    const files = [text('a.txt', 'same'), { path: 'b.bin', data: noise(20_000) }];
    await store.save('cell', { code: 'x = 1', files, baseRevision: 0 });
    const before = store.totalBytesWritten;
    // New modification times alone are not a change.
    const again = files.map((file) => ({ ...file, modified: 1 }));
    const result = await store.save('cell', { code: 'x = 1', files: again, baseRevision: 1 });
    assert.include(result, { saved: false, revision: 1, bytesWritten: 0, blobsWritten: 0 });
    assert.strictEqual(store.totalBytesWritten, before);
    assert.lengthOf(await store.history('cell'), 1);
    await dispose(store);
  });

  test('a save that changes one 1 KB file writes one blob and one manifest', async () => {
    const store = freshStore();
    const files = Array.from({ length: 5 }, (_, index) => ({
      path: `f${index}.bin`,
      data: noise(50_000, index + 1),
    }));
    await store.save('cell', { code: 'c', files, baseRevision: 0 });
    const changed = files.map((file, index) =>
      index === 2 ? { path: 'f2.bin', data: noise(1024, 99) } : file,
    );
    const result = await store.save('cell', { code: 'c', files: changed, baseRevision: 1 });
    assert.include(result, { saved: true, revision: 2, blobsWritten: 1 });
    assert.isAbove(result.bytesWritten, 1024);
    assert.isBelow(result.bytesWritten, 1024 + 4096, 'one blob plus a small manifest');
    assert.deepEqual(result.changes, { added: [], changed: ['f2.bin'], removed: [], code: false });
    await dispose(store);
  });

  test('a delta save applies changed and removed files onto the stored revision', async () => {
    const store = freshStore();
    const files = [text('keep.txt', 'keep'), text('edit.txt', 'old'), text('gone.txt', 'bye')];
    await store.save('cell', { code: 'c', files, baseRevision: 0 });
    const result = await store.save('cell', {
      code: 'c2',
      delta: { changed: [text('edit.txt', 'new'), text('new.txt', 'hi')], removed: ['gone.txt'] },
      baseRevision: 1,
    });
    assert.deepEqual(result.changes, {
      added: ['new.txt'],
      changed: ['edit.txt'],
      removed: ['gone.txt'],
      code: true,
    });
    const loaded = await store.load('cell');
    assert.deepEqual(loaded.kind === 'restored' && contents(loaded.files), {
      'edit.txt': 'new',
      'keep.txt': 'keep',
      'new.txt': 'hi',
    });
    await dispose(store);
  });

  test('stores a file once by its sha256, across paths and keys', async () => {
    const store = freshStore();
    const data = noise(4096);
    const first = await store.save('one', {
      code: '',
      files: [
        { path: 'a', data },
        { path: 'b', data },
      ],
      baseRevision: 0,
    });
    assert.strictEqual(first.blobsWritten, 1);
    const second = await store.save('two', {
      code: '',
      files: [{ path: 'c', data }],
      baseRevision: 0,
    });
    assert.strictEqual(second.blobsWritten, 0);
    assert.lengthOf(await blobKeys(store), 1);
    await dispose(store);
  });

  const invalid: {
    name: string;
    input: () => Parameters<ReturnType<typeof freshStore>['save']>[1];
    message: RegExp;
  }[] = [
    {
      name: 'a path with ..',
      input: () => ({ code: '', files: [text('../x', '')], baseRevision: 0 }),
      message: /"\.\." segment/,
    },
    {
      name: 'the same path twice',
      input: () => ({ code: '', files: [text('a', ''), text('a', '')], baseRevision: 0 }),
      message: /more than once/,
    },
    {
      name: 'a negative base revision',
      input: () => ({ code: '', files: [], baseRevision: -1 }),
      message: /baseRevision must be a whole number/,
    },
    {
      name: 'both files and a delta',
      input: () =>
        ({ code: '', files: [], delta: { changed: [], removed: [] }, baseRevision: 0 }) as never,
      message: /either every file \(files\) or a change \(delta\)/,
    },
  ];
  for (const { name, input, message } of invalid) {
    test(`refuses a save with ${name} (reason invalid) and writes nothing`, async () => {
      const store = freshStore();
      await store.save('cell', { code: 'kept', files: [text('a.txt', 'kept')], baseRevision: 0 });
      const error = await storeRefusal(Promise.resolve().then(() => store.save('cell', input())));
      assert.strictEqual(error.reason, 'invalid');
      assert.match(error.message, message);
      assert.lengthOf(await store.history('cell'), 1);
      await dispose(store);
    });
  }
});

suite('state store: revisions across tabs', () => {
  test('refuses a save based on a revision it has not seen, and keeps the newer one', async () => {
    const store = freshStore();
    const otherTab = sameDatabase(store);
    await store.save('cell', { code: 'first', files: [text('a.txt', '1')], baseRevision: 0 });
    await otherTab.save('cell', {
      code: 'other tab',
      files: [text('a.txt', '2')],
      baseRevision: 1,
    });
    const error = await storeRefusal(
      store.save('cell', { code: 'stale', files: [text('a.txt', '3')], baseRevision: 1 }),
    );
    assert.instanceOf(error, StaleRevisionError);
    assert.strictEqual(error.reason, 'stale');
    assert.strictEqual((error as StaleRevisionError).currentRevision, 2);
    assert.match(error.message, /at revision 2 .* based on revision 1/);
    const loaded = await store.load('cell');
    assert.include(loaded.kind === 'restored' ? loaded : {}, { code: 'other tab', revision: 2 });
    await dispose(store, otherTab);
  });

  test('of two tabs saving on the same revision at once, one wins and the other is told', async () => {
    const store = freshStore();
    const otherTab = sameDatabase(store);
    const outcomes = await Promise.allSettled([
      store.save('cell', { code: 'mine', files: [text('a.txt', 'mine')], baseRevision: 0 }),
      otherTab.save('cell', { code: 'theirs', files: [text('a.txt', 'theirs')], baseRevision: 0 }),
    ]);
    assert.deepEqual(outcomes.map((outcome) => outcome.status).sort(), ['fulfilled', 'rejected']);
    const rejected = outcomes.find(
      (outcome) => outcome.status === 'rejected',
    ) as PromiseRejectedResult;
    assert.instanceOf(rejected.reason, StaleRevisionError);
    assert.lengthOf(await store.history('cell'), 1);
    await dispose(store, otherTab);
  });

  test('calls onSaved after each committed save, not for a save that wrote nothing', async () => {
    const heard: [string, number][] = [];
    const store = freshStore({ onSaved: (key, revision) => heard.push([key, revision]) });
    await store.save('cell', { code: 'a', files: [], baseRevision: 0 });
    await store.save('cell', { code: 'a', files: [], baseRevision: 1 });
    await store.save('cell', { code: 'b', files: [], baseRevision: 1 });
    assert.deepEqual(heard, [
      ['cell', 1],
      ['cell', 2],
    ]);
    await dispose(store);
  });
});

suite('state store: code drafts', () => {
  test('keeps an edit made after the last save, with the revision it was made on', async () => {
    const store = freshStore();
    await store.save('cell', { code: 'saved', files: [], baseRevision: 0 });
    const bytes = await store.saveDraft('cell', 'edited', 1);
    assert.isBelow(bytes, 512);
    const loaded = await store.load('cell');
    assert.deepEqual(loaded.draft && { code: loaded.draft.code, base: loaded.draft.baseRevision }, {
      code: 'edited',
      base: 1,
    });
    assert.lengthOf(await store.history('cell'), 1, 'a draft is not a revision');
    await dispose(store);
  });

  test('keeps an edit of a cell that never saved a revision', async () => {
    const store = freshStore();
    await store.saveDraft('cell', 'typed before any run', 0);
    const loaded = await store.load('cell');
    assert.strictEqual(loaded.kind, 'empty');
    assert.strictEqual(loaded.draft?.code, 'typed before any run');
    await dispose(store);
  });

  test('drops the draft when a revision is saved', async () => {
    const store = freshStore();
    await store.saveDraft('cell', 'draft', 0);
    await store.save('cell', { code: 'draft', files: [], baseRevision: 0 });
    assert.isUndefined((await store.load('cell')).draft);
    await dispose(store);
  });
});
