import { assert } from 'chai';
import '../../src/index.js';
import { PythonRuntimeError } from '../../src/runtime/errors.js';
import { RuntimeClient } from '../../src/runtime/runtime-client.js';
import { resetSharedRuntime, setSharedRuntime } from '../../src/runtime/shared-runtime.js';
import { createRuntimeWorker } from '../../src/runtime/worker-url.js';
import { addCell, nextEvent, outputText, PYODIDE_URL, removeCells, until } from '../helpers.js';

/** A shared runtime over the real worker, keeping each worker it starts for the test to kill. */
function capturedRuntime(): Worker[] {
  const workers: Worker[] = [];
  const runtime = new RuntimeClient({
    createWorker: () => {
      const worker = createRuntimeWorker();
      workers.push(worker);
      return worker;
    },
  });
  // No snapshot worker: only the runtime's own workers are counted and killed here.
  runtime.configure({ indexURL: PYODIDE_URL, snapshot: false });
  setSharedRuntime(runtime);
  return workers;
}

suite('a worker that truly dies, on the real runtime', () => {
  teardown(() => {
    removeCells();
    resetSharedRuntime();
  });

  test('terminate() from outside ends the run as crashed; the next run has the files back', async () => {
    const workers = capturedRuntime();
    const cell = await addCell('open("kept.txt", "w").write("kept")');
    assert.isTrue((await cell.run()).ok);
    cell.code = 'print("looping", flush=True)\nwhile True:\n    pass';
    const running = cell.run();
    await until(() => outputText(cell).includes('looping'), 'the loop to start');
    workers[0]!.terminate();
    const result = await running;
    assert.isFalse(result.ok);
    assert.equal(result.error?.kind, 'crashed');
    assert.equal(result.stdout, 'looping\n');
    await cell.updateComplete;
    assert.match(cell.shadowRoot!.querySelector('[part=status]')!.textContent!, /crashed/);
    cell.code = 'print(open("kept.txt").read())';
    const after = await cell.run();
    assert.isTrue(after.ok, after.error?.traceback);
    assert.equal(after.stdout, 'kept\n');
    assert.lengthOf(workers, 2, 'a fresh worker ran it');
  });

  test('an uncaught error in the worker (its error event) ends the run as crashed; the next run works', async () => {
    const workers = capturedRuntime();
    const cell = await addCell('open("kept.txt", "w").write("kept")');
    assert.isTrue((await cell.run()).ok);
    cell.code =
      'import asyncio, js\njs.eval("setTimeout(() => { throw new Error(\'boom\') })")\nawait asyncio.sleep(30)';
    const result = await cell.run();
    assert.equal(result.error?.kind, 'crashed');
    assert.include(result.error!.message, 'boom');
    cell.code = 'print(open("kept.txt").read())';
    assert.equal((await cell.run()).stdout, 'kept\n');
    assert.lengthOf(workers, 2);
  });
});

suite('a worker that cannot load', () => {
  teardown(() => {
    removeCells();
    resetSharedRuntime();
  });

  test('a worker script that 404s fails the run with a load error naming it, says so, and a later run tries again', async () => {
    const url = new URL('/nowhere/runtime.worker.js', location.href).href;
    let attempts = 0;
    const runtime = new RuntimeClient({
      workerURL: url,
      createWorker: () => {
        attempts += 1;
        return new Worker(url, { type: 'module' });
      },
    });
    runtime.configure({ indexURL: PYODIDE_URL });
    setSharedRuntime(runtime);
    const cell = await addCell('print("never")');
    const other = await addCell('print("never either")');
    const [first, second] = await Promise.allSettled([cell.run(), other.run()]);
    for (const outcome of [first, second]) {
      assert.equal(outcome!.status, 'rejected');
      const error = (outcome as PromiseRejectedResult).reason as PythonRuntimeError;
      assert.instanceOf(error, PythonRuntimeError);
      assert.equal(error.reason, 'load');
      assert.include(error.message, url);
    }
    await cell.updateComplete;
    assert.include(outputText(cell), url, 'the cell says which URL failed');
    assert.match(cell.shadowRoot!.querySelector('[part=status]')!.textContent!, /could not start/);
    assert.equal(cell.status, 'idle');
    const again = await cell.run().catch((error: Error) => error);
    assert.instanceOf(again, PythonRuntimeError);
    assert.equal(attempts, 2, 'the later run tried a fresh worker');
  });

  test('a Pyodide folder that 404s fails the run with a load error naming it', async () => {
    const runtime = new RuntimeClient();
    runtime.configure({ indexURL: '/nowhere/' });
    setSharedRuntime(runtime);
    const cell = await addCell('print("never")');
    const error = (await cell.run().catch((caught: Error) => caught)) as PythonRuntimeError;
    assert.instanceOf(error, PythonRuntimeError);
    assert.equal(error.reason, 'load');
    assert.include(error.message, '/nowhere/');
    runtime.configure({ indexURL: PYODIDE_URL });
    const restarted = nextEvent(runtime, 'progress');
    assert.equal((await cell.run()).stdout, 'never\n');
    await restarted;
  });
});
