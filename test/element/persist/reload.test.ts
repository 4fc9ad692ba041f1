import { assert } from 'chai';
import { configure, type PyStateRunnerElement } from '../../../src/index.js';
import { setDraftDelay } from '../../../src/persist/cell-persistence.js';
import { codeCopyItem, readCodeCopy, writeCodeCopy } from '../../../src/persist/code-copy.js';
import { sharedStateStore } from '../../../src/persist/shared-state-store.js';
import { storageKeyFor } from '../../../src/persist/storage-key.js';
import { resetSharedRuntime, sharedRuntime } from '../../../src/runtime/shared-runtime.js';
import { decodeShareFragment } from '../../../src/state/share-link.js';
import {
  addCell,
  captureDownload,
  evaluate,
  removeCells,
  requestedPaths,
  uniqueName,
  until,
  useLocalPyodide,
} from '../../helpers.js';

const COUNTER = `
import json, os
n = json.load(open("counter.json"))["n"] + 1 if os.path.exists("counter.json") else 1
json.dump({"n": n}, open("counter.json", "w"))
print(n)
`;

const PYODIDE_ASSET = /pyodide\.(mjs|asm\.mjs|asm\.wasm)$|python_stdlib\.zip$|pyodide-lock\.json$/;

/**
 * A reload, as far as one test page allows: the cell goes, the page's
 * runtime is dropped (a fresh worker, nothing in memory), and a new cell of
 * the same name comes. Only IndexedDB carries anything across.
 */
async function reload(
  name: string,
  code: string,
  attributes: Record<string, string> = {},
): Promise<PyStateRunnerElement> {
  for (const cell of document.querySelectorAll('py-state-runner')) {
    await (cell as PyStateRunnerElement).persistSettled();
  }
  removeCells();
  resetSharedRuntime();
  useLocalPyodide();
  const cell = await addCell(code, { ...attributes, name });
  await cell.persistSettled();
  return cell;
}

function restoredLine(cell: PyStateRunnerElement): string {
  return (
    cell.shadowRoot!.querySelector('[part~=restored]')?.textContent?.replace(/\s+/g, ' ') ?? ''
  );
}

suite('persist: code and files survive a reload', function () {
  this.timeout(120000);

  suiteSetup(() => useLocalPyodide());
  teardown(() => {
    setDraftDelay();
    removeCells();
  });

  test('an edited cell comes back with its edit and its files, and says it was restored', async () => {
    const name = uniqueName('reload');
    const cell = await addCell(COUNTER, { name });
    assert.equal((await cell.run()).stdout, '1\n');
    assert.equal((await cell.run()).stdout, '2\n');
    cell.code = `${COUNTER}\nprint("edited")`;
    const again = await reload(name, COUNTER);
    assert.equal(again.code, `${COUNTER}\nprint("edited")`);
    assert.match(restoredLine(again), /Restored from this browser, saved just now/);
    const result = await again.run();
    assert.equal(result.stdout, '3\nedited\n');
  });

  test('the restored code is in the editor before anything of Pyodide is requested', async () => {
    const name = uniqueName('early');
    const cell = await addCell(COUNTER, { name });
    await cell.run();
    cell.code = 'print("kept")';
    await cell.persistSettled();
    removeCells();
    resetSharedRuntime();
    // A folder of its own: a request for Pyodide would reach the server, not the cache.
    configure({ indexURL: `/__fresh/${uniqueName()}/` });
    await requestedPaths(true);
    const again = await addCell(COUNTER, { name });
    await again.persistSettled();
    assert.equal(again.code, 'print("kept")');
    assert.isFalse(sharedRuntime().isStarted);
    const requested = await requestedPaths();
    assert.deepEqual(
      requested.filter((path) => PYODIDE_ASSET.test(path) || path.includes('worker')),
      [],
    );
    useLocalPyodide();
  });

  test('a stored cell shows its code from the quick copy as it connects; IndexedDB has the last word', async () => {
    const name = uniqueName('copy');
    const cell = await addCell('print("author")', { name });
    cell.code = 'print("stored")';
    await cell.persistSettled();
    removeCells();
    resetSharedRuntime();
    useLocalPyodide();
    const key = storageKeyFor({ location, name, storageKey: null });
    assert.equal(readCodeCopy(key), 'print("stored")', 'the copy was kept as the cell went');
    /** A cell of that name, connected now: what it shows before IndexedDB can answer. */
    const connect = (): PyStateRunnerElement => {
      const again = document.createElement('py-state-runner');
      again.setAttribute('name', name);
      again.textContent = 'print("author")';
      document.body.append(again);
      return again;
    };
    let again = connect();
    assert.equal(again.code, 'print("stored")', 'shown from the copy, synchronously');
    await again.persistSettled();
    assert.equal(again.code, 'print("stored")');
    removeCells();

    // A damaged copy is not shown.
    localStorage.setItem(
      codeCopyItem(key),
      JSON.stringify({ code: 'print("tampered")', checksum: '00000000' }),
    );
    again = connect();
    assert.equal(again.code, 'print("author")');
    await again.persistSettled();
    assert.equal(again.code, 'print("stored")');
    removeCells();

    // A stale copy gives way to what IndexedDB holds, and is brought up to date.
    writeCodeCopy(key, 'print("stale")');
    again = connect();
    assert.equal(again.code, 'print("stale")');
    await again.persistSettled();
    assert.equal(again.code, 'print("stored")');
    assert.equal(readCodeCopy(key), 'print("stored")');
    removeCells();

    // A copy of a cell IndexedDB knows nothing of gives way to the page's own code.
    const fresh = uniqueName('copy-only');
    const freshKey = storageKeyFor({ location, name: fresh, storageKey: null });
    writeCodeCopy(freshKey, 'print("copy only")');
    const lone = await addCell('print("page")', { name: fresh });
    await lone.persistSettled();
    assert.equal(lone.code, 'print("page")');
    assert.isUndefined(readCodeCopy(freshKey), 'the copy of nothing is removed');
  });

  test('the State panel lists stored files before Python starts', async () => {
    const name = uniqueName('panel');
    // Too big for an automatic preview, which would start Python.
    const cell = await addCell('open("big.bin", "wb").write(bytes(300_000))', { name });
    await cell.run();
    const again = await reload(name, 'pass');
    again.shadowRoot!.querySelector<HTMLButtonElement>('[part~=state-button]')!.click();
    await until(
      () =>
        (again.shadowRoot!.querySelector('[part~=state-panel]')?.textContent ?? '').includes(
          'big.bin',
        ),
      'the stored file in the panel',
    );
    assert.isFalse(sharedRuntime().isStarted);
    await until(
      () => !!again.shadowRoot!.querySelector('[part~=storage-info]'),
      'the storage line',
    );
    assert.match(
      again.shadowRoot!.querySelector('[part~=storage-info]')!.textContent!,
      /persistent|best-effort/,
    );
  });

  test('saveState and inspectState of a restored cell see the stored files', async () => {
    const name = uniqueName('methods');
    const cell = await addCell(COUNTER, { name });
    await cell.run();
    const again = await reload(name, COUNTER);
    const report = await again.inspectState();
    assert.deepEqual(
      report.files.map((file) => file.path),
      ['counter.json'],
    );
    const saved = JSON.parse(await (await again.saveState()).text());
    assert.deepEqual(
      saved.files.map((file: { path: string }) => file.path),
      ['counter.json'],
    );
  });

  test('downloadState and shareLink called as a stored cell connects wait for its files', async () => {
    const name = uniqueName('early-save');
    const cell = await addCell(COUNTER, { name });
    await cell.run();
    cell.code = `${COUNTER}# edited`;
    await cell.persistSettled();
    removeCells();
    resetSharedRuntime();
    useLocalPyodide();
    // Without the quick copy, only IndexedDB has the edited code.
    localStorage.removeItem(codeCopyItem(storageKeyFor({ location, name, storageKey: null })));
    // Called as the cell connects, before it could read anything from IndexedDB.
    const again = document.createElement('py-state-runner');
    again.setAttribute('name', name);
    again.textContent = COUNTER;
    document.body.append(again);
    const [download, link] = await Promise.all([
      captureDownload(() => void again.downloadState()),
      again.shareLink(),
    ]);
    const downloaded = JSON.parse(await download.blob.text());
    assert.deepEqual(
      downloaded.files.map((file: { path: string }) => file.path),
      ['counter.json'],
      'the download holds the stored file',
    );
    assert.equal(downloaded.code, `${COUNTER}# edited`, 'and the stored code');
    const shared = await decodeShareFragment(new URL(link).hash);
    assert.deepEqual(
      shared.state.files.map((file) => [file.path, new TextDecoder().decode(file.data)]),
      [['counter.json', '{"n": 1}']],
      'the link carries the stored file',
    );
    assert.equal(shared.state.code, `${COUNTER}# edited`, 'and the stored code');
  });

  test('persist="none" keeps nothing while its neighbour is kept', async () => {
    const kept = uniqueName('kept');
    const gone = uniqueName('gone');
    const keptCell = await addCell(COUNTER, { name: kept });
    const goneCell = await addCell(COUNTER, { name: gone, persist: 'none' });
    await keptCell.run();
    await goneCell.run();
    goneCell.code = 'print("edit")';
    await reload(kept, COUNTER);
    const goneAgain = await addCell(COUNTER, { name: gone, persist: 'none' });
    await goneAgain.persistSettled();
    assert.equal(goneAgain.code.trim(), COUNTER.trim());
    assert.equal((await goneAgain.run()).stdout, '1\n');
    const keptAgain = document.querySelector<PyStateRunnerElement>(`[name="${kept}"]`)!;
    assert.equal((await keptAgain.run()).stdout, '2\n');
    const stored = await sharedStateStore().load(storageKeyFor({ location, name: gone }));
    assert.equal(stored.kind, 'empty');
    assert.isUndefined(stored.draft);
  });

  test('an edit made right before pagehide is kept, without waiting for the editor to be still', async () => {
    const name = uniqueName('pagehide');
    const cell = await addCell(COUNTER, { name });
    await cell.persistSettled();
    // An hour: only the pagehide flush can write this edit.
    setDraftDelay(3_600_000);
    cell.code = 'print("last edit")';
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    const key = storageKeyFor({ location, name });
    let draft: string | undefined;
    const started = performance.now();
    while (draft !== 'print("last edit")') {
      assert.isBelow(performance.now() - started, 10000, 'the draft was not written');
      draft = (await sharedStateStore().load(key)).draft?.code;
    }
    const again = await reload(name, COUNTER);
    assert.equal(again.code, 'print("last edit")');
  });

  test('Reset puts back the author’s code, and keeps the files when asked to', async () => {
    const name = uniqueName('reset');
    const cell = await addCell(COUNTER, { name });
    await cell.run();
    cell.code = 'print("mine")';
    const again = await reload(name, COUNTER);
    again.shadowRoot!.querySelector<HTMLButtonElement>('[part~=reset-button]')!.click();
    await again.updateComplete;
    again.shadowRoot!.querySelector<HTMLButtonElement>('[part~=reset-keep-button]')!.click();
    await until(() => again.code.trim() === COUNTER.trim(), 'the author’s code');
    assert.equal((await again.run()).stdout, '2\n');
  });

  test('Reset can also clear the files', async () => {
    const name = uniqueName('reset-clear');
    const cell = await addCell(COUNTER, { name });
    await cell.run();
    cell.code = 'print("mine")';
    const again = await reload(name, COUNTER);
    again.shadowRoot!.querySelector<HTMLButtonElement>('[part~=reset-button]')!.click();
    await again.updateComplete;
    again.shadowRoot!.querySelector<HTMLButtonElement>('[part~=reset-clear-button]')!.click();
    await until(() => again.code.trim() === COUNTER.trim(), 'the author’s code');
    await again.persistSettled();
    assert.equal((await again.run()).stdout, '1\n');
    const third = await reload(name, COUNTER);
    assert.equal(await evaluate(third, 'import os; os.listdir(".")'), "['counter.json']");
  });

  test('a run that changes nothing writes nothing', async () => {
    const name = uniqueName('nochange');
    const cell = await addCell(COUNTER, { name });
    await cell.run();
    await cell.persistSettled();
    const store = sharedStateStore();
    const before = store.totalBytesWritten;
    cell.code = 'x = 1';
    await cell.run();
    cell.code = COUNTER;
    await cell.persistSettled();
    // Only the code changed: one manifest, no file blob.
    const revision = cell.storedRevision;
    const written = store.totalBytesWritten - before;
    await cell.run();
    await cell.persistSettled();
    assert.isBelow(written, 2000);
    assert.equal(cell.storedRevision, revision + 1);
  });
});
