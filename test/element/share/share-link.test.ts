import { assert } from 'chai';
import { type PyStateRunnerElement, StateFileError } from '../../../src/index.js';
import { decodeShareFragment, encodeShareFragment } from '../../../src/state/share-link.js';
import { accessibilityViolations } from '../../axe.js';
import {
  addCell,
  button,
  evaluate,
  nextEvent,
  removeCells,
  uniqueName,
  until,
  useLocalPyodide,
} from '../../helpers.js';
import { fileHashes, fixtureFile, messageText } from '../../state-helpers.js';

const WRITE_STATE = `
import json, sqlite3
db = sqlite3.connect("app_state.db")
db.execute("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, text TEXT)")
db.execute("INSERT INTO notes (text) VALUES ('shared')")
db.commit()
db.close()
json.dump({"runs": 1}, open("app_state.json", "w"))
`;

function offer(cell: PyStateRunnerElement): HTMLElement | null {
  return cell.shadowRoot!.querySelector('[part=share-offer]');
}

/** The link's fragment decodes to this cell's name, code and one file, a.txt. */
async function assertCarriesCell(link: string, cell: PyStateRunnerElement): Promise<void> {
  const shared = await decodeShareFragment(new URL(link).hash);
  assert.equal(shared.name, cell.name);
  assert.equal(shared.state.code, cell.code);
  assert.deepEqual(
    shared.state.files.map((file) => [file.path, new TextDecoder().decode(file.data)]),
    [['a.txt', 'a']],
  );
}

function withoutHash(): string {
  return location.href.split('#')[0]!;
}

/** Sets the page's fragment as opening a link does, and waits for the browser's hashchange. */
async function openFragment(fragment: string): Promise<void> {
  const changed = new Promise((resolve) =>
    window.addEventListener('hashchange', resolve, { once: true }),
  );
  location.hash = fragment;
  await changed;
}

/** Replaces navigator.clipboard for one test; the result puts the browser's back. */
function stubClipboard(write: (text: string) => Promise<void>): () => void {
  // An own property shadows the prototype's getter; deleting it uncovers the getter again.
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: { writeText: write },
  });
  return () => {
    delete (navigator as unknown as Record<string, unknown>).clipboard;
  };
}

suite('share links', () => {
  suiteSetup(() => useLocalPyodide());
  teardown(() => {
    removeCells();
    history.replaceState(history.state, '', withoutHash());
  });

  test('a link round trip: shareLink, open the fragment, Load shared state gives the files and the code', async () => {
    const cell = await addCell(WRITE_STATE);
    assert.isTrue((await cell.run()).ok);
    const before = await fileHashes(cell);
    const link = await cell.shareLink();
    assert.isTrue(link.startsWith(`${withoutHash()}#psr1.`), link);

    await cell.clearState();
    cell.code = 'print("changed since")';
    assert.deepEqual(await fileHashes(cell), {});
    await openFragment(new URL(link).hash);
    await cell.updateComplete;
    assert.include(offer(cell)!.textContent!, `Shared state for ${cell.name}`);
    assert.deepEqual(await fileHashes(cell), {}, 'opening the link replaces nothing by itself');
    assert.equal(cell.code, 'print("changed since")');

    const loaded = nextEvent<{ source: string }>(cell, 'state-loaded');
    button(cell, 'Load shared state').click();
    assert.equal((await loaded).detail.source, 'share-link');
    assert.deepEqual(await fileHashes(cell), before);
    assert.equal(cell.code, WRITE_STATE.trim());
    await cell.updateComplete;
    assert.isNull(offer(cell), 'the offer is gone');
    assert.equal(location.hash, '', 'a reload does not offer it again');
    assert.match(messageText(cell), /Loaded the shared state: 2 files and the code/);
  });

  test('a page opened with the fragment offers it to the cell of that name only, and Dismiss changes nothing', async () => {
    const name = uniqueName('shared');
    // The source keeps nothing in browser storage: the cell of its name below starts from its own code.
    const source = await addCell(WRITE_STATE, { name, persist: 'none' });
    await source.run();
    const link = await source.shareLink();
    await source.clearState();
    source.remove();
    history.replaceState(history.state, '', new URL(link).hash);

    const other = await addCell('print("other")');
    const cell = await addCell('print("mine")', { name });
    assert.isNull(offer(other), 'a cell of another name is not offered the link');
    assert.isNotNull(offer(cell));
    assert.deepEqual(await accessibilityViolations(cell), [], 'the shared-state offer');

    button(cell, 'Dismiss').click();
    await cell.updateComplete;
    assert.isNull(offer(cell));
    assert.equal(location.hash, '');
    assert.equal(cell.code, 'print("mine")');
    assert.deepEqual(await fileHashes(cell), {});
  });

  test('over the limit, shareLink rejects with too-large and the Share button says to use Save', async () => {
    // Random bytes do not compress: 64 KiB of them cannot fit a 32 KB link.
    const cell = await addCell('import os\nopen("noise.bin", "wb").write(os.urandom(65536))');
    await cell.run();
    const failed = nextEvent<Error>(cell, 'state-error');
    const error = await cell.shareLink().catch((caught: unknown) => caught);
    assert.instanceOf(error, StateFileError);
    assert.equal((error as StateFileError).reason, 'too-large');
    assert.match((error as Error).message, /Use Save/);
    assert.strictEqual((await failed).detail, error);

    let copied: string | undefined;
    const restore = stubClipboard(async (text) => {
      copied = text;
    });
    try {
      const failedAgain = nextEvent<Error>(cell, 'state-error');
      button(cell, 'Share').click();
      await failedAgain;
      await cell.updateComplete;
      assert.match(messageText(cell), /too large for a link.*Use Save/);
      assert.isUndefined(copied, 'nothing was copied');
    } finally {
      restore();
    }
  });

  test('the Share button copies the link and says so', async () => {
    const cell = await addCell('open("a.txt", "w").write("a")');
    await cell.run();
    let copied: string | undefined;
    const restore = stubClipboard(async (text) => {
      copied = text;
    });
    try {
      button(cell, 'Share').click();
      await until(() => /Copied a link/.test(messageText(cell)), 'the copied message');
      assert.isTrue(copied?.startsWith(`${withoutHash()}#psr1.`), copied);
      await assertCarriesCell(copied!, cell);
    } finally {
      restore();
    }
  });

  test('where the clipboard refuses, the link is shown selected to copy by hand', async () => {
    const cell = await addCell('open("a.txt", "w").write("a")');
    await cell.run();
    const restore = stubClipboard(() => Promise.reject(new Error('Write permission denied.')));
    try {
      button(cell, 'Share').click();
      await until(() => cell.shadowRoot!.querySelector('.share-link') !== null, 'the link');
      await cell.updateComplete;
      const input = cell.shadowRoot!.querySelector<HTMLInputElement>('.share-link')!;
      await assertCarriesCell(input.value, cell);
      assert.isTrue(input.readOnly);
      assert.match(messageText(cell), /Could not copy the link.*Write permission denied/);
      assert.deepEqual(await accessibilityViolations(cell), [], 'the link shown');
    } finally {
      restore();
    }
  });

  const damaged: [
    what: string,
    reason: StateFileError['reason'],
    fragment: (name: string) => Promise<string>,
  ][] = [
    ['data that is not base64url', 'base64', async (name) => `psr1.${name}.@@@@`],
    ['data that does not decompress', 'compression', async (name) => `psr1.${name}.AAAAAAAAAAAA`],
    [
      'a state file whose sha256 does not match',
      'checksum',
      async (name) => encodeShareFragment(name, await fixtureFile('sha256-mismatch.pystate.json')),
    ],
  ];
  for (const [what, reason, makeFragment] of damaged) {
    test(`a link with ${what} changes nothing and says why`, async () => {
      const cell = await addCell('open("mine.txt", "w").write("mine")\nmarker = "still here"');
      await cell.run();
      const before = await fileHashes(cell);
      const code = cell.code;
      await openFragment(await makeFragment(cell.name));
      await cell.updateComplete;
      const failed = nextEvent<StateFileError>(cell, 'state-error');
      button(cell, 'Load shared state').click();
      const error = (await failed).detail;
      assert.instanceOf(error, StateFileError);
      assert.equal(error.reason, reason);
      await cell.updateComplete;
      const alert = offer(cell)!.querySelector('[role=alert]')!;
      assert.include(alert.textContent!, 'nothing was changed');
      assert.include(alert.textContent!, error.message);
      assert.deepEqual(await fileHashes(cell), before);
      assert.equal(cell.code, code);
      assert.equal(await evaluate(cell, 'marker'), "'still here'");
    });
  }
});
