import { assert } from 'chai';
import type { PyStateRunnerElement } from '../../../src/index.js';
import { uniqueName, until } from '../../helpers.js';

/** Opens the same page in an iframe: another document with its own runtime, on the same origin. */
async function openTab(
  name: string,
): Promise<{ frame: HTMLIFrameElement; cell: PyStateRunnerElement }> {
  const frame = document.createElement('iframe');
  frame.src = `/test/element/persist/tab-page.html?name=${encodeURIComponent(name)}`;
  document.body.append(frame);
  await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  const view = frame.contentWindow as Window & { cell?: PyStateRunnerElement };
  await until(() => view.cell !== undefined, 'the cell in the tab');
  const cell = view.cell!;
  await cell.updateComplete;
  await cell.persistSettled();
  return { frame, cell };
}

function conflictOf(cell: PyStateRunnerElement): Element | null {
  return cell.shadowRoot!.querySelector('.persist-conflict');
}

suite('persist: two tabs of the same page', function () {
  this.timeout(180000);

  teardown(() => {
    for (const frame of document.querySelectorAll('iframe')) frame.remove();
  });

  test('runs in turn in two tabs lose no run: each takes the other’s newer state first', async () => {
    const name = uniqueName('tabs');
    const a = await openTab(name);
    const b = await openTab(name);
    assert.equal((await a.cell.run()).stdout, '1\n');
    await a.cell.persistSettled();
    await until(() => b.cell.storedRevision === a.cell.storedRevision, 'tab B to hear of the save');
    assert.equal((await b.cell.run()).stdout, '2\n');
    await b.cell.persistSettled();
    await until(() => a.cell.storedRevision === b.cell.storedRevision, 'tab A to hear of the save');
    assert.equal((await a.cell.run()).stdout, '3\n');
  });

  test('a tab with its own edit is asked, and "keep mine" saves it as the newest', async () => {
    const name = uniqueName('tabs-edit');
    const a = await openTab(name);
    const b = await openTab(name);
    b.cell.code = `${b.cell.code}\nprint("from B")`;
    assert.equal((await a.cell.run()).stdout, '1\n');
    await a.cell.persistSettled();
    await until(() => conflictOf(b.cell) !== null, 'tab B to say the cell changed in another tab');
    assert.match(conflictOf(b.cell)!.textContent!, /changed in another tab/);
    // Nothing of B's was overwritten, and B did not overwrite A's revision.
    assert.include(b.cell.code, 'from B');
    conflictOf(b.cell)!.querySelector<HTMLButtonElement>('[part~=keep-mine-button]')!.click();
    await until(() => conflictOf(b.cell) === null, 'the question to go');
    await b.cell.persistSettled();
    assert.isAbove(b.cell.storedRevision, a.cell.storedRevision - 1);
    await until(() => a.cell.code.includes('from B'), 'tab A to take B’s kept state');
  });

  test('"load the newer state" replaces the tab’s own edit with the other tab’s state', async () => {
    const name = uniqueName('tabs-load');
    const a = await openTab(name);
    const b = await openTab(name);
    b.cell.code = 'print("B only")';
    await a.cell.run();
    await a.cell.persistSettled();
    await until(() => conflictOf(b.cell) !== null, 'the question in tab B');
    conflictOf(b.cell)!.querySelector<HTMLButtonElement>('[part~=load-newer-button]')!.click();
    await until(() => !b.cell.code.includes('B only'), 'the newer code in tab B');
    assert.equal((await b.cell.run()).stdout, '2\n');
  });
});
