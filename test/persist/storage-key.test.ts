import { assert } from 'chai';
import { requestPersistentStorage, storageSummary } from '../../src/persist/storage-info.js';
import { storageKeyFor } from '../../src/persist/storage-key.js';

const page = { origin: 'https://example.org', pathname: '/docs/intro.html' };

suite('storage keys', () => {
  const cases: { name: string; input: Parameters<typeof storageKeyFor>[0]; key: string }[] = [
    {
      name: 'page and name by default',
      input: { location: page, name: 'counter' },
      key: 'page:https://example.org/docs/intro.html#counter',
    },
    {
      name: 'the storage-key when set',
      input: { location: page, name: 'counter', storageKey: 'shared' },
      key: 'key:shared',
    },
    {
      name: 'page and name when storage-key is empty',
      input: { location: page, name: 'c', storageKey: '' },
      key: 'page:https://example.org/docs/intro.html#c',
    },
    {
      name: 'page and name when storage-key is null (no attribute)',
      input: { location: page, name: 'c', storageKey: null },
      key: 'page:https://example.org/docs/intro.html#c',
    },
  ];
  for (const { name, input, key } of cases) {
    test(`uses ${name}`, () => {
      assert.strictEqual(storageKeyFor(input), key);
    });
  }

  test('keeps the same name on two pages apart', () => {
    const other = storageKeyFor({
      location: { ...page, pathname: '/docs/other.html' },
      name: 'counter',
    });
    assert.notStrictEqual(other, storageKeyFor({ location: page, name: 'counter' }));
  });

  test('refuses a cell with neither a name nor a storage-key', () => {
    assert.throws(
      () => storageKeyFor({ location: page, name: '' }),
      TypeError,
      /needs a name \(or a storage-key\)/,
    );
  });
});

suite('storage info', () => {
  test('summarises navigator.storage: persistent or not, bytes used and allowed', async () => {
    const summary = await storageSummary();
    assert.isBoolean(summary.persistent);
    assert.isAtLeast(summary.usage ?? -1, 0);
    assert.isAbove(summary.quota ?? 0, 0);
  });

  test('asking for persistent storage resolves a boolean and never rejects', async () => {
    assert.isBoolean(await requestPersistentStorage());
  });

  test('without navigator.storage, says best-effort and asks nothing', async () => {
    const descriptor = Object.getOwnPropertyDescriptor(Navigator.prototype, 'storage')!;
    Object.defineProperty(Navigator.prototype, 'storage', {
      get: () => undefined,
      configurable: true,
    });
    try {
      assert.deepEqual(await storageSummary(), { persistent: false });
      assert.isFalse(await requestPersistentStorage());
    } finally {
      Object.defineProperty(Navigator.prototype, 'storage', descriptor);
    }
  });
});
