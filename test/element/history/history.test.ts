import { assert } from 'chai';
import { configure, type PyStateRunnerElement } from '../../../src/index.js';
import { setSharedStateStore, sharedStateStore } from '../../../src/persist/shared-state-store.js';
import { StateStore } from '../../../src/persist/state-store.js';
import { storageKeyFor } from '../../../src/persist/storage-key.js';
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
import { fileHashes } from '../../state-helpers.js';

const encoder = new TextEncoder();
const text = (path: string, content: string) => ({ path, data: encoder.encode(content) });

/** Python that gives the folder's files and their text, as a dict repr. */
const READ_FILES = 'import os\n{name: open(name).read() for name in sorted(os.listdir("."))}';

function keyOf(cell: PyStateRunnerElement): string {
  return storageKeyFor({ location, name: cell.name });
}

/**
 * A cell whose store already holds the three revisions before it starts, as
 * after an earlier visit: it restores the newest, and its autosave goes on
 * from there. Its code is then set to `code`, not run yet.
 */
async function cellOverThreeRevisions(code: string): Promise<PyStateRunnerElement> {
  const name = uniqueName();
  await saveThreeRevisions(storageKeyFor({ location, name }));
  const cell = await addCell('print("author")', { name });
  await cell.persistSettled();
  assert.equal(cell.code, 'print("two")', 'the newest revision is restored');
  assert.equal(cell.storedRevision, 3);
  cell.code = code;
  return cell;
}

/** Runs the cell and waits until autosave has stored what the run changed. */
async function runAndSave(cell: PyStateRunnerElement): Promise<void> {
  assert.isTrue((await cell.run()).ok);
  await cell.persistSettled();
}

/** The cell's storage warning or "saved in another tab" choice, if it shows one. */
function storageTrouble(cell: PyStateRunnerElement): string | undefined {
  const shown = cell.shadowRoot!.querySelector('.persist-warning, .persist-conflict');
  return shown?.textContent?.replace(/\s+/g, ' ').trim();
}

/** Three revisions as autosave would write them: add a.txt, change it and add b.txt, remove a.txt. */
async function saveThreeRevisions(key: string): Promise<void> {
  const store = sharedStateStore();
  await store.save(key, { code: 'print("one")', files: [text('a.txt', 'one')], baseRevision: 0 });
  await store.save(key, {
    code: 'print("two")',
    files: [text('a.txt', 'two'), text('b.txt', 'b')],
    baseRevision: 1,
  });
  await store.save(key, { code: 'print("two")', files: [text('b.txt', 'b')], baseRevision: 2 });
}

async function openPanel(cell: PyStateRunnerElement): Promise<void> {
  button(cell, 'State').click();
  await until(() => entries(cell).length > 0 || /No saved/.test(historyText(cell)), 'the history');
  await cell.updateComplete;
}

function entries(cell: PyStateRunnerElement): string[] {
  return [...cell.shadowRoot!.querySelectorAll('.history-entry')].map((entry) =>
    entry.textContent!.replace(/\s+/g, ' ').trim(),
  );
}

function historyText(cell: PyStateRunnerElement): string {
  return cell.shadowRoot!.querySelector('[part=history]')?.textContent?.replace(/\s+/g, ' ') ?? '';
}

suite('History in the State panel', () => {
  let databaseName: string;
  suiteSetup(() => useLocalPyodide());
  setup(() => {
    databaseName = uniqueName('history-db');
    setSharedStateStore(new StateStore({ databaseName }));
  });
  teardown(async () => {
    // Saves still under way would meet a closing database.
    await Promise.all(
      [...document.querySelectorAll('py-state-runner')].map((cell) => cell.persistSettled()),
    );
    removeCells();
    await sharedStateStore().close();
    await StateStore.deleteDatabase(databaseName);
  });

  test('lists the revisions newest first, with their time and what each changed', async () => {
    const cell = await addCell('print("live")');
    await saveThreeRevisions(keyOf(cell));
    await openPanel(cell);
    const listed = entries(cell);
    assert.lengthOf(listed, 3);
    assert.match(listed[0]!, /^Revision 3 .*removed a\.txt .*1 file/);
    assert.notMatch(listed[0]!, /code changed/);
    assert.match(listed[1]!, /^Revision 2 .*added b\.txt; changed a\.txt; code changed/);
    assert.match(listed[2]!, /^Revision 1 .*added a\.txt; code changed/);
    const time = cell.shadowRoot!.querySelector('.history-entry time')!;
    assert.isFalse(Number.isNaN(Date.parse(time.getAttribute('datetime')!)));
    assert.deepEqual(await accessibilityViolations(cell), [], 'the history list');
  });

  test('lists the revisions autosave writes after runs, as they are written, and restores one that autosave goes on from', async () => {
    // Each run adds one file, so each run is one revision.
    const cell = await addCell(
      'import os\nn = len(os.listdir("."))\nopen(f"f{n}.txt", "w").write(str(n))',
    );
    for (let run = 0; run < 3; run += 1) await runAndSave(cell);
    assert.equal(cell.storedRevision, 3);
    await openPanel(cell);
    const listed = entries(cell);
    assert.lengthOf(listed, 3);
    assert.match(listed[0]!, /^Revision 3 .*added f2\.txt .*3 files/);
    assert.match(listed[1]!, /^Revision 2 .*added f1\.txt .*2 files/);
    assert.match(listed[2]!, /^Revision 1 .*added f0\.txt; code changed .*1 file/);

    // With the panel open, a run's revision shows once autosave has written it.
    assert.isTrue((await cell.run()).ok);
    await until(() => entries(cell).length === 4, 'the revision of the fourth run');
    assert.match(entries(cell)[0]!, /^Revision 4 .*added f3\.txt .*4 files/);

    const restored = nextEvent<{ source: string }>(cell, 'state-loaded');
    button(cell, 'Restore revision 1').click();
    assert.equal((await restored).detail.source, 'history');
    await cell.persistSettled();
    assert.isUndefined(storageTrouble(cell), 'no warning after the restore');
    assert.equal(cell.storedRevision, 5, 'the restored state is saved as the newest revision');
    const newest = await sharedStateStore().readRevision(keyOf(cell), 5);
    assert.deepEqual(
      newest.files.map(({ path }) => path),
      ['f0.txt'],
    );
    assert.equal(newest.code, cell.code);
    await until(() => entries(cell).length === 5, 'the revision of the restore');
    assert.match(entries(cell)[0]!, /^Revision 5 .*removed f1\.txt, f2\.txt, f3\.txt .*1 file/);
  });

  test('Restore puts a revision back (files, code, fresh variables), and Undo returns the state before', async () => {
    const cell = await cellOverThreeRevisions('open("live.txt", "w").write("live")\nmarker = 1');
    await runAndSave(cell);
    await openPanel(cell);

    const restored = nextEvent<{ source: string }>(cell, 'state-loaded');
    button(cell, 'Restore revision 2').click();
    assert.equal((await restored).detail.source, 'history');
    assert.equal(cell.code, 'print("two")');
    await cell.persistSettled();
    const saved = await sharedStateStore().readRevision(keyOf(cell), cell.storedRevision);
    assert.equal(saved.code, 'print("two")', 'autosave keeps the restored code with its files');
    assert.equal(await evaluate(cell, READ_FILES), "{'a.txt': 'two', 'b.txt': 'b'}");
    assert.equal(await evaluate(cell, 'marker'), 'NameError');
    // evaluate() ran code, which ends the Undo offer: restore again to undo it.
    button(cell, 'Restore revision 1').click();
    await until(() => /Restored revision 1/.test(historyText(cell)), 'the restore message');
    assert.equal(await cell.updateComplete, true);
    assert.equal(cell.code, 'print("one")');
    assert.deepEqual(await accessibilityViolations(cell), [], 'the Undo offer');

    const undone = nextEvent<{ source: string }>(cell, 'state-loaded');
    button(cell, 'Undo').click();
    assert.equal((await undone).detail.source, 'history-undo');
    assert.equal(cell.code, 'print("two")', 'the code before the restore');
    assert.equal(await evaluate(cell, READ_FILES), "{'a.txt': 'two', 'b.txt': 'b'}");
    await cell.persistSettled();
    assert.isUndefined(storageTrouble(cell), 'autosave goes on after a restore and an Undo');
  });

  test('Undo right after the first restore puts back files and code that were never saved', async () => {
    const cell = await cellOverThreeRevisions('open("live.txt", "w").write("live")');
    await runAndSave(cell);
    const before = await fileHashes(cell);
    // An edit not run is a draft, never a revision: only Undo's own copy holds it.
    cell.code = 'print("edited, never run")';
    await openPanel(cell);
    for (const { revision } of await sharedStateStore().history(keyOf(cell))) {
      const stored = await sharedStateStore().readRevision(keyOf(cell), revision);
      assert.notEqual(stored.code, cell.code, `revision ${revision} does not hold the edit`);
    }
    const restored = nextEvent(cell, 'state-loaded');
    button(cell, 'Restore revision 3').click();
    await restored;
    await cell.updateComplete;
    const undone = nextEvent(cell, 'state-loaded');
    button(cell, 'Undo').click();
    await undone;
    assert.equal(cell.code, 'print("edited, never run")');
    assert.deepEqual(await fileHashes(cell), before);
  });

  test('a revision that is no longer stored changes nothing and says why', async () => {
    const cell = await cellOverThreeRevisions(
      'open("live.txt", "w").write("live")\nmarker = "still here"',
    );
    await runAndSave(cell);
    const before = await fileHashes(cell);
    await openPanel(cell);
    await sharedStateStore().remove(keyOf(cell));
    const failed = nextEvent<Error>(cell, 'state-error');
    button(cell, 'Restore revision 1').click();
    const error = (await failed).detail;
    assert.equal(error.name, 'StoreError');
    await cell.updateComplete;
    const alert = cell.shadowRoot!.querySelector('.history-error')!;
    assert.include(alert.textContent!, 'nothing was changed');
    assert.include(alert.textContent!, 'is not stored');
    assert.deepEqual(await fileHashes(cell), before);
    assert.equal(cell.code, 'open("live.txt", "w").write("live")\nmarker = "still here"');
    assert.equal(await evaluate(cell, 'marker'), "'still here'");
  });

  test('configure({ history }) bounds the revisions kept, and refuses a bad bound changing nothing', async () => {
    configure({ history: { maxRevisions: 2 } });
    try {
      assert.equal(sharedStateStore().maxRevisions, 2);
      assert.equal(sharedStateStore().databaseName, databaseName, 'the same database');
      const cell = await addCell('print(1)');
      await saveThreeRevisions(keyOf(cell));
      await openPanel(cell);
      assert.deepEqual(
        entries(cell).map((entry) => entry.split(' ').slice(0, 2).join(' ')),
        ['Revision 3', 'Revision 2'],
      );
      for (const history of [{ maxRevisions: 0 }, { maxRevisions: 1.5 }, { maxBytes: -1 }]) {
        assert.throws(() => configure({ history }), TypeError, /history\.max/);
        assert.equal(
          sharedStateStore().maxRevisions,
          2,
          `unchanged after ${JSON.stringify(history)}`,
        );
      }
      configure({ history: { maxBytes: 10 } });
      assert.equal(sharedStateStore().maxHistoryBytes, 10);
    } finally {
      configure({ history: { maxRevisions: 20, maxBytes: 500 * 1024 * 1024 } });
    }
  });

  test('a cell with persist="none" shows no history', async () => {
    const cell = await addCell('print(1)', { persist: 'none', name: uniqueName() });
    button(cell, 'State').click();
    await cell.updateComplete;
    assert.isNotNull(cell.shadowRoot!.querySelector('[part=state-panel]'));
    assert.isNull(cell.shadowRoot!.querySelector('[part=history]'));
  });
});
