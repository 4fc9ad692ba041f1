import { assert } from 'chai';
import { accessibilityViolations } from '../../axe.js';
import { uniqueName, until, useLocalPyodide } from '../../helpers.js';
import { longTasksDuring } from '../long-tasks.js';
import { buttonNamed, cellOf, countCalls, open, python, rowPaths, text } from './panel-helpers.js';

const TEN_THOUSAND = `
import os
os.makedirs("many", exist_ok=True)
for index in range(10000):
    with open(f"many/{index:05}.txt", "w") as handle:
        handle.write(str(index))
`;

suite('the State panel with many files', () => {
  suiteSetup(() => useLocalPyodide());
  teardown(() => {
    for (const host of document.querySelectorAll('py-state-runner')) host.remove();
  });

  test('lists 10,000 small files with no main-thread task over 100 ms, reading no preview', async () => {
    const env = uniqueName('many');
    await python(env, TEN_THOUSAND);
    const host = await cellOf(env);
    let calls = new Map<string, number>();
    const { longTasks } = await longTasksDuring(async () => {
      calls = await countCalls(() => open(host));
    });
    assert.deepEqual(longTasks, [], 'main-thread tasks over 100 ms');
    assert.include(text(host.shadowRoot!.querySelector('.state-summary')), '10,000 files');
    assert.equal(calls.get('preview') ?? 0, 0, 'no preview read for a row nobody opened');
    const rows = host.shadowRoot!.querySelectorAll('.state-file');
    assert.equal(rows.length, 100, 'the first batch of rows');
    for (const toggle of host.shadowRoot!.querySelectorAll('.file-toggle')) {
      assert.equal(toggle.getAttribute('aria-expanded'), 'false');
    }
    assert.include(
      text(host.shadowRoot!.querySelector('.more-files')),
      '9,900 more files not shown',
    );
    assert.deepEqual(await accessibilityViolations(host), []);
  });

  test('Show more renders the next batch, focus on its first row, and opening a row reads its preview', async () => {
    const env = uniqueName('more');
    await python(
      env,
      'for index in range(250):\n    open(f"f{index:03}.txt", "w").write("text " + str(index))',
    );
    const host = await cellOf(env);
    await open(host);
    assert.deepEqual(rowPaths(host).slice(-1), ['f099.txt']);
    buttonNamed(host.shadowRoot!, 'Show 100 more').click();
    await host.updateComplete;
    assert.equal(rowPaths(host).length, 200);
    await until(
      () => host.shadowRoot!.activeElement?.getAttribute('aria-label') === 'Preview f100.txt',
      'focus on the first new row',
    );
    buttonNamed(host.shadowRoot!, 'Show 50 more').click();
    await host.updateComplete;
    assert.equal(rowPaths(host).length, 250);
    assert.isNull(host.shadowRoot!.querySelector('.more-files'));

    buttonNamed(host.shadowRoot!, 'Preview f249.txt').click();
    await until(
      () => text(host.shadowRoot!.querySelector('#state-file-249')).includes('text 249'),
      'the preview of the opened row',
    );
  });

  test('addDataFiles of 1,000 files writes them in one or two worker requests', async () => {
    const env = uniqueName('add-many');
    const host = await cellOf(env);
    const files = Array.from(
      { length: 1000 },
      (_, index) => new File([`row ${index}`], `data-${index}.csv`),
    );
    const calls = await countCalls(() => host.addDataFiles(files));
    assert.isAtMost(calls.get('writeFiles') ?? 0, 2);
    assert.equal(
      await python(
        env,
        'import os\nlen([name for name in os.listdir() if name.startswith("data-")])',
      ),
      '1000',
    );
    assert.equal(await python(env, 'open("data-999.csv").read()'), "'row 999'");
    assert.include(text(host.shadowRoot!.querySelector('.state-messages')), 'Added 1,000 files');
  });
});
