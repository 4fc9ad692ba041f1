import { assert } from 'chai';
import {
  blobKeys,
  contents,
  dispose,
  freshStore,
  noise,
  storeRefusal,
  text,
} from './store-helpers.js';

/** Collects unhandled rejections while `body` runs, so a test can show there were none. */
async function unhandledDuring(body: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const listener = (event: PromiseRejectionEvent) => {
    seen.push(event.reason);
    event.preventDefault();
  };
  window.addEventListener('unhandledrejection', listener);
  try {
    await body();
    // A rejection left unhandled is reported after the microtasks of the current task.
    await new Promise((resolve) => setTimeout(resolve, 0));
  } finally {
    window.removeEventListener('unhandledrejection', listener);
  }
  return seen;
}

async function withoutIndexedDB(body: () => Promise<void>): Promise<void> {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'indexedDB')!;
  Object.defineProperty(globalThis, 'indexedDB', { value: undefined, configurable: true });
  try {
    await body();
  } finally {
    Object.defineProperty(globalThis, 'indexedDB', descriptor);
  }
}

suite('state store: storage failures', () => {
  // Chromium 156 here accepts DevTools' Storage.overrideQuotaForOrigin (getUsageAndQuota
  // reports it) but IndexedDB writes on the test page do not honour it, so the quota
  // error is raised by a double of the blob write, as the browser raises it.
  test('when the quota is exceeded, a save fails with reason quota and the previous revision stays whole', async () => {
    const store = freshStore();
    await store.save('cell', { code: 'kept', files: [text('a.txt', 'kept')], baseRevision: 0 });
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      if (this.name === 'blobs' && (args[0] as { data: Uint8Array }).data.length > 1024 * 1024) {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return put.apply(this, args);
    };
    let error: Awaited<ReturnType<typeof storeRefusal>> | undefined;
    try {
      // The small file is written first in the same transaction, and must be rolled back.
      const files = [text('a.txt', 'new'), { path: 'big.bin', data: noise(4 * 1024 * 1024) }];
      const unhandled = await unhandledDuring(async () => {
        error = await storeRefusal(store.save('cell', { code: 'lost', files, baseRevision: 1 }));
      });
      assert.deepEqual(unhandled, []);
    } finally {
      IDBObjectStore.prototype.put = put;
    }
    assert.strictEqual(error?.reason, 'quota');
    assert.match(
      error!.message,
      /quota .* is used up; the previous saved state is kept\. Use Save/,
    );
    const loaded = await store.load('cell');
    assert.include(loaded.kind === 'restored' ? loaded : {}, { revision: 1, code: 'kept' });
    assert.deepEqual(loaded.kind === 'restored' && contents(loaded.files), { 'a.txt': 'kept' });
    assert.lengthOf(await store.history('cell'), 1);
    assert.lengthOf(await blobKeys(store), 1, 'the new a.txt blob was rolled back');
    await dispose(store);
  });

  test('without IndexedDB, every call rejects with reason unavailable and nothing is left unhandled', async () => {
    const store = freshStore();
    await withoutIndexedDB(async () => {
      const unhandled = await unhandledDuring(async () => {
        const calls = [
          store.save('cell', { code: '', files: [], baseRevision: 0 }),
          store.load('cell'),
          store.history('cell'),
          store.saveDraft('cell', 'x', 0),
        ];
        for (const call of calls) {
          const error = await storeRefusal(call);
          assert.strictEqual(error.reason, 'unavailable');
          assert.match(error.message, /IndexedDB\) does not exist here/);
        }
      });
      assert.deepEqual(unhandled, []);
    });
    // The store recovers once IndexedDB is there again.
    await store.save('cell', { code: 'back', files: [], baseRevision: 0 });
    await dispose(store);
  });

  test('when IndexedDB refuses to open, calls reject with reason unavailable', async () => {
    const store = freshStore();
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = () => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
    try {
      const error = await storeRefusal(store.load('cell'));
      assert.strictEqual(error.reason, 'unavailable');
      assert.match(error.message, /SecurityError: The user denied permission/);
    } finally {
      IDBFactory.prototype.open = open;
    }
    await dispose(store);
  });

  test('works inside a worker, with no DOM', async () => {
    const store = freshStore();
    const worker = new Worker(new URL('./support/store.worker.ts', import.meta.url), {
      type: 'module',
    });
    const reply = await new Promise<{ ok: boolean; revision?: number; error?: string }>(
      (resolve, reject) => {
        worker.onmessage = (event) => resolve(event.data);
        worker.onerror = (event) => reject(new Error(event.message));
        worker.postMessage({ databaseName: store.databaseName });
      },
    );
    worker.terminate();
    assert.deepEqual(reply, { ok: true, revision: 1 });
    const loaded = await store.load('cell');
    assert.deepEqual(loaded.kind === 'restored' && contents(loaded.files), {
      'from-worker.txt': 'saved in a worker',
    });
    await dispose(store);
  });
});
