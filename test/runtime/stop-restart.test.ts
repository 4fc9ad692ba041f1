import { assert } from 'chai';
import '../../src/index.js';
import { sharedRuntime } from '../../src/runtime/shared-runtime.js';
import {
  addCell,
  button,
  nextEvent,
  outputText,
  removeCells,
  until,
  useLocalPyodide,
} from '../helpers.js';

const BUSY_LOOP = 'n = 0\nwhile True:\n    n += 1';

suite('Stop and a dying runtime, without cross-origin isolation', () => {
  suiteSetup(() => useLocalPyodide());
  teardown(() => removeCells());

  test('the page is not cross-origin isolated here, so Stop must restart Python', () => {
    assert.isFalse(crossOriginIsolated);
    assert.isFalse(sharedRuntime().canInterrupt);
  });

  test('Stop ends a busy loop, restarts Python, keeps files and says so', async () => {
    const cell = await addCell('kept = "variable"\nopen("kept.txt", "w").write("file")');
    assert.isTrue((await cell.run()).ok);
    cell.code = BUSY_LOOP;
    const started = nextEvent(cell, 'run-start');
    const running = cell.run();
    await started;
    assert.equal(cell.status, 'running');
    const stopButton = button(cell, 'Stop');
    await cell.updateComplete;
    assert.isFalse(stopButton.disabled);
    stopButton.click();
    const result = await running;
    assert.isFalse(result.ok);
    assert.equal(result.error?.kind, 'stopped');
    assert.equal(result.error?.type, '', 'no Python exception: Python was restarted');
    await until(() => cell.status === 'idle', 'idle');
    await cell.updateComplete;
    assert.include(cell.shadowRoot!.querySelector('[part=status]')!.textContent!, 'Stopped');
    cell.code = 'print(open("kept.txt").read(), "kept" in globals())';
    const after = await cell.run();
    assert.isTrue(after.ok, after.error?.traceback);
    assert.equal(after.stdout, 'file False\n', 'files came back, variables did not');
  });

  test('stop() cancels a run that is still queued, and leaves the running one alone', async () => {
    const busy = await addCell(
      'import time\nend = time.time() + 0.5\nwhile time.time() < end:\n    pass\n"done"',
    );
    const waiting = await addCell('print("should not run")');
    await busy.run();
    const started = nextEvent(busy, 'run-start');
    const first = busy.run();
    await started;
    const second = waiting.run();
    await until(() => waiting.status === 'queued', 'queued');
    await waiting.stop();
    const cancelled = await second;
    assert.isFalse(cancelled.ok);
    assert.equal(cancelled.error?.kind, 'cancelled');
    assert.equal(cancelled.stdout, '');
    assert.equal((await first).result, "'done'");
  });

  test('a crashed runtime ends the run with a clear error; the next run starts a fresh one', async () => {
    const cell = await addCell(
      'open("before-crash.txt", "w").write("saved")\nimport os\nos._exit(1)',
    );
    const result = await cell.run();
    assert.isFalse(result.ok);
    assert.equal(result.error?.kind, 'crashed');
    assert.match(result.error!.message, /crashed/i);
    await cell.updateComplete;
    assert.match(cell.shadowRoot!.querySelector('[part=status]')!.textContent!, /crashed/i);
    assert.include(outputText(cell), 'crashed');
    cell.code = 'import os\nprint(os.path.exists("before-crash.txt"))\n"alive"';
    const next = await cell.run();
    assert.isTrue(next.ok, next.error?.traceback);
    assert.equal(next.result, "'alive'");
  });

  test('files written before the crash by earlier runs come back after it', async () => {
    const cell = await addCell('open("earlier.txt", "w").write("from an earlier run")');
    await cell.run();
    cell.code = 'import os\nos._exit(3)';
    assert.equal((await cell.run()).error?.kind, 'crashed');
    cell.code = 'print(open("earlier.txt").read())';
    assert.equal((await cell.run()).stdout, 'from an earlier run\n');
  });

  test('a terminated worker fails every queued run with a clear error, not a hang', async () => {
    const first = await addCell('import os\nos._exit(1)');
    const second = await addCell('print("queued behind the crash")');
    await second.run();
    const crashing = first.run();
    const queued = second.run();
    const [a, b] = await Promise.all([crashing, queued]);
    assert.equal(a.error?.kind, 'crashed');
    assert.equal(b.error?.kind, 'crashed');
    assert.isTrue((await second.run()).ok);
  });

  test('files added, loaded or cleared between runs are what a restart puts back', async () => {
    const cell = await addCell('open("from-run.txt", "w").write("run")');
    await cell.run();
    await cell.addDataFiles([new File(['added'], 'added.txt')]);
    cell.code = 'import os\nos._exit(1)';
    assert.equal((await cell.run()).error?.kind, 'crashed');
    cell.code = 'import os\nsorted(os.listdir("."))';
    assert.equal((await cell.run()).result, "['added.txt', 'from-run.txt']");
    await cell.clearState();
    cell.code = 'import os\nos._exit(1)';
    assert.equal((await cell.run()).error?.kind, 'crashed');
    cell.code = 'import os\nsorted(os.listdir("."))';
    assert.equal((await cell.run()).result, '[]');
  });
});
