import { sendKeys } from '@web/test-runner-commands';
import { assert } from 'chai';
import '../../src/index.js';
import type { PyStateRunnerElement } from '../../src/index.js';
import { accessibilityViolations } from '../axe.js';
import { addCell, button, removeCells, uniqueName, until, useLocalPyodide } from '../helpers.js';

/** Eleven lines (two-digit line numbers), a foldable block and a final newline. */
const LONG_CODE = [
  '# a ledger',
  'import sqlite3',
  '',
  'def total(rows):',
  '    """Sum the amounts."""',
  '    return sum(amount for _, amount in rows)',
  '',
  'rows = [("a", 1), ("b", 2)]',
  'print(total(rows))',
  'total(rows) > 2',
  '',
].join('\n');

function root(cell: PyStateRunnerElement): ShadowRoot {
  return cell.shadowRoot!;
}

function hasEditor(cell: PyStateRunnerElement): boolean {
  return root(cell).querySelector('.cm-editor') !== null;
}

function placeholder(cell: PyStateRunnerElement): HTMLElement {
  const found = root(cell).querySelector<HTMLElement>('.code-placeholder');
  if (!found) throw new Error(`${cell.name} shows no static code`);
  return found;
}

/** Adds a cell below a spacer three viewports tall, so it is far from the viewport. */
async function addFarCell(code: string): Promise<PyStateRunnerElement> {
  const spacer = document.createElement('div');
  spacer.className = 'spacer';
  spacer.style.height = `${3 * innerHeight}px`;
  document.body.append(spacer);
  return addCell(code);
}

/** Where the first character of the code is drawn, in the static code or the editor. */
function firstCharacterBox(cell: PyStateRunnerElement): DOMRect {
  const container =
    root(cell).querySelector('.cm-content') ??
    placeholder(cell).querySelector('.placeholder-code')!;
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  let text = walker.nextNode();
  while (text && !text.textContent) text = walker.nextNode();
  if (!text) throw new Error('no text');
  const range = document.createRange();
  range.setStart(text, 0);
  range.setEnd(text, 1);
  return range.getBoundingClientRect();
}

suite('editors created when they are needed', () => {
  // Focusing or pointing at a cell starts Python (intent start): from the local copy.
  suiteSetup(() => useLocalPyodide());
  teardown(() => {
    removeCells();
    for (const spacer of document.querySelectorAll('.spacer')) spacer.remove();
    scrollTo(0, 0);
  });

  test('50 cells all show their code; only those near the viewport get an editor', async () => {
    const cells = [...Array(50).keys()].map((index) => {
      const cell = document.createElement('py-state-runner');
      cell.setAttribute('name', uniqueName(`fifty-${index}`));
      cell.textContent = `# cell ${index}\nprint(${index})`;
      document.body.append(cell);
      return cell;
    });
    await Promise.all(cells.map((cell) => cell.updateComplete));
    cells.forEach((cell, index) => {
      assert.include(root(cell).textContent, `# cell ${index}`);
      assert.equal(cell.code, `# cell ${index}\nprint(${index})`);
    });
    assert.isTrue(hasEditor(cells[0]), 'the first cell is on screen');
    assert.isFalse(hasEditor(cells[49]), 'the last cell is far below');
    const editors = cells.filter(hasEditor).length;
    assert.isBelow(editors, 50);
  });

  test('the static code is highlighted with the same token classes as the editor', async () => {
    const near = await addCell('import json\nprint("hi")');
    const far = await addFarCell('import json\nprint("hi")');
    assert.isFalse(hasEditor(far));
    const staticTokens = [...placeholder(far).querySelectorAll('span')].map(
      (span) => `${span.className}:${span.textContent}`,
    );
    assert.includeMembers(staticTokens, ['tok-keyword:import', 'tok-string:"hi"']);
    await until(() => near.shadowRoot!.querySelector('.cm-content .tok-string') !== null, 'tokens');
    const editorKeyword = root(near).querySelector('.cm-content .tok-keyword')!;
    assert.equal(editorKeyword.textContent, 'import');
    assert.equal(
      getComputedStyle(editorKeyword).color,
      getComputedStyle(placeholder(far).querySelector('.tok-keyword')!).color,
    );
  });

  test('a cell far down the page becomes an editor when scrolled to', async () => {
    const cell = await addFarCell('print("far")');
    assert.isFalse(hasEditor(cell));
    cell.scrollIntoView();
    await until(() => hasEditor(cell), 'the editor');
    assert.isNull(root(cell).querySelector('.code-placeholder'), 'the static code left');
    assert.equal(root(cell).querySelector('.cm-content')!.textContent, 'print("far")');
  });

  test('the static code is a labelled, focusable textbox; focusing it by keyboard moves focus into the new editor', async () => {
    const cell = await addFarCell('print("keyboard")');
    const code = placeholder(cell);
    assert.equal(code.getAttribute('role'), 'textbox');
    assert.equal(code.getAttribute('aria-readonly'), 'true');
    assert.equal(code.getAttribute('aria-label'), `Python code of ${cell.name}`);
    assert.equal(code.tabIndex, 0);
    assert.deepEqual(await accessibilityViolations(cell), []);
    button(cell, 'Clear').focus({ preventScroll: true });
    await sendKeys({ press: 'Tab' });
    await until(() => hasEditor(cell), 'the editor');
    await until(
      () => root(cell).activeElement?.classList.contains('cm-content') === true,
      'focus in the editor',
    );
    await sendKeys({ type: 'x = 1  # ' });
    assert.equal(cell.code, 'x = 1  # print("keyboard")');
  });

  test('nothing moves when the editor replaces the static code', async () => {
    const cell = await addFarCell(LONG_CODE);
    const before = {
      cell: cell.getBoundingClientRect().height,
      code: root(cell).querySelector('.editor')!.getBoundingClientRect().height,
      firstCharacter: firstCharacterBox(cell).left - cell.getBoundingClientRect().left,
    };
    cell.scrollIntoView();
    await until(() => hasEditor(cell), 'the editor');
    await cell.updateComplete;
    const after = {
      cell: cell.getBoundingClientRect().height,
      code: root(cell).querySelector('.editor')!.getBoundingClientRect().height,
      firstCharacter: firstCharacterBox(cell).left - cell.getBoundingClientRect().left,
    };
    assert.deepEqual(after, before);
  });

  test('an empty cell keeps its one-line height when the editor arrives', async () => {
    const cell = await addFarCell('');
    const before = cell.getBoundingClientRect().height;
    cell.scrollIntoView();
    await until(() => hasEditor(cell), 'the editor');
    await cell.updateComplete;
    assert.equal(cell.getBoundingClientRect().height, before);
  });

  test('code set before the editor exists shows highlighted, then is what the editor shows', async () => {
    const cell = await addFarCell('print("old")');
    cell.code = 'def new():\n    return 2';
    await cell.updateComplete;
    assert.isFalse(hasEditor(cell));
    assert.equal(cell.code, 'def new():\n    return 2');
    assert.include(placeholder(cell).textContent, 'return 2');
    assert.isNotNull(placeholder(cell).querySelector('.tok-keyword'));
    cell.scrollIntoView();
    await until(() => hasEditor(cell), 'the editor');
    const lines = [...root(cell).querySelectorAll('.cm-line')].map((line) => line.textContent);
    assert.deepEqual(lines, ['def new():', '    return 2']);
    assert.equal(cell.code, 'def new():\n    return 2');
  });

  test('updateComplete does not wait for an off-screen editor, and resolves with the static code shown', async () => {
    const cell = await addFarCell('print("waiting")');
    assert.isFalse(hasEditor(cell));
    assert.isNotNull(placeholder(cell).querySelector('span'), 'highlighted');
    assert.isTrue(await cell.updateComplete);
  });

  test('pointing at the static code creates the editor', async () => {
    const cell = await addFarCell('print("pointed")');
    placeholder(cell).dispatchEvent(new PointerEvent('pointerenter'));
    await until(() => hasEditor(cell), 'the editor');
    assert.notStrictEqual(root(cell).activeElement?.className, 'cm-content', 'focus stays put');
  });
});
