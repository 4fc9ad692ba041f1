/** Saves through the state store from inside a worker, to show the store needs no DOM. */
import { StateStore } from '../../../src/persist/state-store.js';

self.onmessage = async (event: MessageEvent<{ databaseName: string }>) => {
  const store = new StateStore({ databaseName: event.data.databaseName });
  try {
    const files = [
      { path: 'from-worker.txt', data: new TextEncoder().encode('saved in a worker') },
    ];
    const result = await store.save('cell', { code: 'worker code', files, baseRevision: 0 });
    self.postMessage({ ok: true, revision: result.revision });
  } catch (error) {
    self.postMessage({ ok: false, error: String(error) });
  } finally {
    await store.close();
  }
};
