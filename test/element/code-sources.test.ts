import { assert } from 'chai';
import { PyStateRunnerElement } from '../../src/index.js';
import { addCell, removeCells, uniqueName, until } from '../helpers.js';

suite('the tag and its initial code', () => {
  teardown(() => removeCells());

  test('importing a second copy of the bundle keeps the first definition', async () => {
    assert.strictEqual(customElements.get('py-state-runner'), PyStateRunnerElement);
    // The built bundle guards its define() the same way; a second copy must not throw.
    const bundle = '/dist/py-state-runner.js';
    await import(bundle);
    assert.strictEqual(customElements.get('py-state-runner'), PyStateRunnerElement);
  });

  test('takes the code from a child script, dedented', async () => {
    const cell = await addCell('\n      x = 1\n      if x:\n          print(x)\n    ');
    await until(() => cell.code !== '', 'the code');
    assert.equal(cell.code, 'x = 1\nif x:\n    print(x)');
  });

  test("takes the code from the element's own text when there is no script", async () => {
    const cell = document.createElement('py-state-runner');
    cell.setAttribute('name', uniqueName());
    cell.textContent = '\n    a = 1 < 2\n    print(a)\n  ';
    document.body.append(cell);
    await until(() => cell.code !== '', 'the code');
    assert.equal(cell.code, 'a = 1 < 2\nprint(a)');
  });

  test('fetches the code from src, which wins over inline code', async () => {
    const cell = document.createElement('py-state-runner');
    cell.setAttribute('name', uniqueName());
    cell.setAttribute('src', '/test/fixtures/code/hello.py');
    cell.textContent = 'print("inline")';
    document.body.append(cell);
    await until(() => cell.code !== '', 'the code');
    assert.equal(cell.code, '# fetched through src\nprint("from src")');
  });

  test('says so in the output when src cannot be fetched', async () => {
    const cell = document.createElement('py-state-runner');
    cell.setAttribute('name', uniqueName());
    cell.setAttribute('src', '/test/fixtures/code/missing.py');
    document.body.append(cell);
    const pane = () => cell.shadowRoot?.querySelector('.output')?.textContent ?? '';
    await until(() => pane().includes('404'), 'the error');
    assert.match(pane(), /Could not load the code from .*missing\.py: HTTP 404/);
  });

  test('code can be set and read through the property', async () => {
    const cell = await addCell('print(1)');
    await until(() => cell.code !== '', 'the code');
    cell.code = 'print(2)';
    assert.equal(cell.code, 'print(2)');
    assert.equal(cell.shadowRoot!.querySelector('.cm-content')!.textContent, 'print(2)');
  });

  test('a cell without name or id gets a fallback name and a warning', async () => {
    const warnings: unknown[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      const cell = document.createElement('py-state-runner');
      document.body.append(cell);
      await cell.updateComplete;
      assert.match(cell.name, /^cell-\d+$/);
      assert.lengthOf(warnings, 1);
      assert.include(String(warnings[0]), cell.name);
    } finally {
      console.warn = original;
    }
  });

  test('uses the id as the name when there is no name', async () => {
    const cell = document.createElement('py-state-runner');
    cell.id = uniqueName('by-id');
    document.body.append(cell);
    await cell.updateComplete;
    assert.equal(cell.name, cell.id);
    assert.equal(cell.env, cell.id);
  });

  test('removing the name attribute falls back to the id, never to null', async () => {
    const cell = await addCell('print(1)');
    cell.id = uniqueName('named-by-id');
    cell.removeAttribute('name');
    await cell.updateComplete;
    assert.equal(cell.name, cell.id);
    assert.equal(cell.env, cell.id);
    const toolbar = cell.shadowRoot!.querySelector('[part=toolbar]')!;
    assert.equal(toolbar.getAttribute('aria-label'), `Cell ${cell.id}`);
  });

  test('removing the name attribute of a cell without id keeps one stable fallback name', async () => {
    const original = console.warn;
    const warnings: string[] = [];
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      const cell = await addCell('print(1)');
      cell.removeAttribute('name');
      await cell.updateComplete;
      const fallback = cell.name;
      assert.match(fallback, /^cell-\d+$/);
      assert.equal(cell.name, fallback, 'the same name on every read');
      assert.equal(cell.env, fallback);
      assert.lengthOf(warnings, 1);
      assert.include(warnings[0], fallback);
    } finally {
      console.warn = original;
    }
  });

  test('two cells with one name both say so, in the console and in the cell, until one goes', async () => {
    const original = console.warn;
    const warnings: string[] = [];
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    const name = uniqueName('twin');
    try {
      const first = await addCell('print(1)', { name });
      const warningOf = (cell: PyStateRunnerElement) =>
        cell.shadowRoot!.querySelector('[part=warning]')?.textContent?.replace(/\s+/g, ' ').trim();
      assert.isUndefined(warningOf(first), 'one cell alone is not warned');
      const second = await addCell('print(2)', { name });
      await first.updateComplete;
      assert.lengthOf(warnings, 1);
      assert.include(warnings[0], `named "${name}"`);
      for (const cell of [first, second]) {
        assert.include(warningOf(cell), `Another cell on this page is also named “${name}”`);
      }
      second.remove();
      await first.updateComplete;
      assert.isUndefined(warningOf(first), 'the warning goes with the twin');
      const renamed = await addCell('print(3)', { name });
      renamed.setAttribute('name', uniqueName('renamed'));
      await renamed.updateComplete;
      await first.updateComplete;
      assert.isUndefined(warningOf(first), 'a rename ends the sharing too');
      assert.isUndefined(warningOf(renamed));
    } finally {
      console.warn = original;
    }
  });

  test('readonly makes the editor not editable, and can be turned off', async () => {
    const cell = await addCell('print(1)', { readonly: '' });
    const content = cell.shadowRoot!.querySelector('.cm-content')!;
    assert.equal(content.getAttribute('contenteditable'), 'false');
    cell.readonly = false;
    await cell.updateComplete;
    assert.equal(content.getAttribute('contenteditable'), 'true');
  });
});
