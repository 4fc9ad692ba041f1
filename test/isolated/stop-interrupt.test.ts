import { assert } from 'chai';
import '../../src/index.js';
import { sharedRuntime } from '../../src/runtime/shared-runtime.js';
import {
  addCell,
  nextEvent,
  outputText,
  removeCells,
  requestedPaths,
  until,
  useLocalPyodide,
} from '../helpers.js';
import { wheel } from '../packages/packages-helpers.js';

suite('Stop on a cross-origin isolated page', () => {
  suiteSetup(() => useLocalPyodide());
  teardown(() => removeCells());

  test('the page is isolated, so Stop can interrupt', () => {
    assert.isTrue(crossOriginIsolated);
    assert.isTrue(sharedRuntime().canInterrupt);
  });

  test('Stop raises KeyboardInterrupt in the running code; variables and files stay', async () => {
    const cell = await addCell('kept = "variable"\nopen("kept.txt", "w").write("file")');
    assert.isTrue((await cell.run()).ok);
    cell.code = 'n = 0\nprint("looping", flush=True)\nwhile True:\n    n += 1';
    const running = cell.run();
    await until(() => outputText(cell).includes('looping'), 'the loop to start');
    await cell.stop();
    const result = await running;
    assert.isFalse(result.ok);
    assert.equal(result.error?.kind, 'stopped');
    assert.equal(result.error?.type, 'KeyboardInterrupt');
    assert.include(result.error!.traceback, `File "<${cell.name}>"`);
    await cell.updateComplete;
    assert.match(cell.shadowRoot!.querySelector('[part=status]')!.textContent!, /Stopped after/);
    cell.code = 'print(kept, open("kept.txt").read(), n > 0)';
    const after = await cell.run();
    assert.isTrue(after.ok, after.error?.traceback);
    assert.equal(after.stdout, 'variable file True\n');
  });

  test('a stop that lands before the code starts still ends the run as interrupted', async () => {
    const cell = await addCell('while True:\n    pass');
    const started = nextEvent(cell, 'run-start');
    const running = cell.run();
    await started;
    await cell.stop();
    assert.equal((await running).error?.type, 'KeyboardInterrupt');
    const other = await addCell('6 * 7');
    assert.equal((await other.run()).result, '42');
  });

  test('a Stop while the run’s package downloads lands as its code starts: the package installs whole', async () => {
    await requestedPaths(true);
    const url = `/__gate/stop-while-loading/${wheel('psr_greet')}`;
    const cell = await addCell('import psr_greet\nwhile True:\n    pass', { packages: url });
    let restarts = 0;
    sharedRuntime().addEventListener('restarted', () => restarts++);
    const running = cell.run();
    while (
      !(await requestedPaths()).some((path) => path.startsWith('/__gate/stop-while-loading/'))
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const stopping = cell.stop();
    // The wheel arrives after the Stop: it installs, then the code starts and is interrupted.
    await fetch('/__open/stop-while-loading');
    const result = await running;
    await stopping;
    assert.equal(result.error?.kind, 'stopped');
    assert.equal(result.error?.type, 'KeyboardInterrupt', 'interrupted, not restarted');
    assert.equal(restarts, 0);
    cell.code = 'import psr_greet\npsr_greet.hello("Ada")';
    const after = await cell.run();
    assert.isTrue(after.ok, after.error?.traceback);
    assert.equal(after.result, "'Hello, Ada!'");
  });

  test('Stop interrupts code that is sleeping, long before its loop ends', async () => {
    const cell = await addCell(
      'import time\nfor i in range(100):\n    print(i)\n    time.sleep(0.2)',
    );
    const running = cell.run();
    await until(() => outputText(cell).includes('1\n'), 'the loop to print');
    await cell.stop();
    const result = await running;
    assert.equal(result.error?.type, 'KeyboardInterrupt');
    assert.notInclude(result.stdout, '20\n', 'it stopped long before the end');
    assert.notInclude(result.stderr, 'Traceback');
    assert.include(result.error!.traceback, `File "<${cell.name}>", line 4, in <module>`);
    assert.notMatch(result.error!.traceback, /py-state-runner>|pyodide|_sleep/);
  });

  test('code that ignores KeyboardInterrupt is stopped by a restart after the grace time; files stay', async () => {
    const cell = await addCell('open("kept.txt", "w").write("file")');
    assert.isTrue((await cell.run()).ok);
    cell.code =
      'print("stubborn", flush=True)\nwhile True:\n    try:\n        while True:\n            pass\n    except KeyboardInterrupt:\n        pass';
    const running = cell.run();
    await until(() => outputText(cell).includes('stubborn'), 'the loop to start');
    await cell.stop();
    const result = await running;
    assert.equal(result.error?.kind, 'stopped');
    assert.equal(result.error?.type, '', 'Python was restarted, not interrupted');
    await cell.updateComplete;
    assert.match(cell.shadowRoot!.querySelector('[part=status]')!.textContent!, /restarted/);
    cell.code = 'print(open("kept.txt").read())';
    assert.equal((await cell.run()).stdout, 'file\n');
  });
});
