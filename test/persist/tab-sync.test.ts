import { assert } from 'chai';
import { type SavedMessage, TabSync } from '../../src/persist/tab-sync.js';

/** Two tabs' ends on a channel of their own. */
function twoTabs(): [TabSync, TabSync] {
  const channel = `psr-test-${crypto.randomUUID()}`;
  return [new TabSync(channel, 'tab-a'), new TabSync(channel, 'tab-b')];
}

function nextSave(sync: TabSync): Promise<SavedMessage> {
  return new Promise((resolve) => {
    const stop = sync.onSaved((message) => {
      stop();
      resolve(message);
    });
  });
}

suite('tab sync', () => {
  test('a tab hears which key another tab saved, at which revision, from whom', async () => {
    const [a, b] = twoTabs();
    const heard = nextSave(b);
    a.announce('page:/x#cell', 4);
    assert.deepEqual(await heard, {
      type: 'saved',
      key: 'page:/x#cell',
      revision: 4,
      tab: 'tab-a',
    });
    assert.strictEqual(b.latestRevision('page:/x#cell'), 4);
    assert.isTrue(b.isStale('page:/x#cell', 3));
    assert.isFalse(b.isStale('page:/x#cell', 4));
    assert.isFalse(b.isStale('page:/x#other', 0));
    a.close();
    b.close();
  });

  test('the page and the worker of one tab (one tab id) do not hear each other as another tab', async () => {
    const channel = `psr-test-${crypto.randomUUID()}`;
    const page = new TabSync(channel, 'tab-a');
    const worker = new TabSync(channel, 'tab-a');
    const other = new TabSync(channel, 'tab-b');
    const heardByWorker: SavedMessage[] = [];
    worker.onSaved((message) => heardByWorker.push(message));
    const heardByOther = nextSave(other);
    page.announce('cell', 1);
    await heardByOther;
    // Messages from one sender arrive in order, so the worker has seen the first by now.
    const second = nextSave(worker);
    other.announce('cell', 2);
    await second;
    assert.deepEqual(
      heardByWorker.map((message) => [message.tab, message.revision]),
      [['tab-b', 2]],
    );
    assert.strictEqual(page.latestRevision('cell'), 2);
    for (const sync of [page, worker, other]) sync.close();
  });

  test('ignores messages it does not know, with a warning, and keeps listening', async () => {
    const [a, b] = twoTabs();
    const warn = console.warn;
    const warnings: unknown[][] = [];
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      const stranger = new BroadcastChannel(a.channelName);
      stranger.postMessage({ type: 'saved', key: 'cell', revision: 'seven' });
      stranger.close();
      const heard = nextSave(b);
      a.announce('cell', 1);
      await heard;
      assert.strictEqual(b.latestRevision('cell'), 1);
      assert.match(String(warnings[0]?.[0]), /ignored a message on the save channel/);
    } finally {
      console.warn = warn;
      a.close();
      b.close();
    }
  });
});
