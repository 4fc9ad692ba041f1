// Whether the page's origin holds the runtime's memory snapshot in IndexedDB (it is made at idle
// after a first run), read without changing anything: for the bench pages and sections that wait
// for it.

const DATABASE = 'py-state-runner-snapshot';

/** True once the snapshot's record is stored. */
export async function isSnapshotStored() {
  // Listed first: opening a database that is not there would create an empty one.
  const databases = await indexedDB.databases();
  if (!databases.some((entry) => entry.name === DATABASE)) return false;
  return new Promise((resolve) => {
    const request = indexedDB.open(DATABASE);
    request.onerror = () => resolve(false);
    request.onsuccess = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains('snapshot')) {
        db.close();
        resolve(false);
        return;
      }
      const get = db.transaction('snapshot').objectStore('snapshot').get('runtime');
      get.onsuccess = () => {
        db.close();
        resolve(get.result !== undefined);
      };
      get.onerror = () => {
        db.close();
        resolve(false);
      };
    };
  });
}

/** Resolves true once the snapshot is stored, or false after `timeoutMs`. */
export async function waitForSnapshot(timeoutMs = Number.POSITIVE_INFINITY) {
  const end = performance.now() + timeoutMs;
  while (performance.now() < end) {
    if (await isSnapshotStored()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}
