import { assert } from 'chai';
import { openDB } from 'idb';
import { workerShimSource } from '../../src/runtime/worker-url.js';
import { uniqueName, until } from '../helpers.js';

const ECHO = '/test/fixtures/workers/echo.worker.js';
const ANNOUNCE = new URL('/test/fixtures/workers/announce.js', location.href).href;

/** A module worker started from the shim, as createRuntimeWorker starts one. */
function startShim(workerPath: string, preload?: string): Worker {
  const source = workerShimSource(new URL(workerPath, location.href), preload);
  const shim = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  return new Worker(shim, { type: 'module' });
}

suite('the worker shim', () => {
  test('fetches the preload while the worker script is on its way, and holds messages for it', async () => {
    // The worker script is held by the test server until the gate opens.
    const gate = `shim-${crypto.randomUUID()}`;
    const worker = startShim(`/__gate/${gate}${ECHO}`, ANNOUNCE);
    const received: unknown[] = [];
    worker.addEventListener('message', (event) => received.push(event.data));
    try {
      worker.postMessage(1);
      worker.postMessage(2);
      await until(() => received.length > 0, 'the preloaded module');
      assert.deepEqual(received, [{ preloaded: true }], 'the preload did not wait for the worker');
      await fetch(`/__open/${gate}`);
      worker.postMessage(3);
      await until(() => received.length === 5, 'every answer');
      assert.deepEqual(received.slice(1), [
        { loaded: true },
        { echo: 1 },
        { echo: 2 },
        { echo: 3 },
      ]);
    } finally {
      worker.terminate();
    }
  });

  test('leaves the import of the preload for the worker, under the URL it was asked for', async () => {
    const worker = startShim('/test/fixtures/workers/take-preload.worker.js', ANNOUNCE);
    const received: unknown[] = [];
    worker.addEventListener('message', (event) => received.push(event.data));
    try {
      await until(() => received.length === 2, 'the worker to take the preload');
      assert.deepEqual(received, [{ preloaded: true }, { url: ANNOUNCE, announced: true }]);
    } finally {
      worker.terminate();
    }
  });

  test('asks for the list of IndexedDB databases as the worker starts, and leaves it for the worker', async () => {
    const database = uniqueName('shim-listed');
    (await openDB(database)).close();
    const worker = startShim('/test/fixtures/workers/take-databases.worker.js', ANNOUNCE);
    const received: { names?: string[] | null }[] = [];
    worker.addEventListener('message', (event) => received.push(event.data));
    try {
      await until(
        () => received.some((message) => 'names' in message),
        'the worker to take the list',
      );
      const { names } = received.find((message) => 'names' in message)!;
      assert.isArray(names, 'the shim left a list');
      assert.include(names!, database);
    } finally {
      worker.terminate();
      indexedDB.deleteDatabase(database);
    }
  });

  test('a worker script that cannot load fires error, with or without a preload', async () => {
    for (const preload of [ANNOUNCE, undefined]) {
      const worker = startShim('/test/fixtures/workers/missing.worker.js', preload);
      try {
        await new Promise<void>((resolve, reject) => {
          worker.addEventListener('error', (event) => {
            // As WorkerConnection does: handled, not the page's uncaught error.
            event.preventDefault();
            resolve();
          });
          worker.addEventListener('message', (event) => {
            if (!('preloaded' in event.data)) reject(new Error('the missing worker answered'));
          });
          setTimeout(() => reject(new Error('no error event in 10 s')), 10000);
        });
      } finally {
        worker.terminate();
      }
    }
  });
});
