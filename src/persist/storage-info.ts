/**
 * What the State panel says about the browser's storage: persistent or
 * best-effort, and how much is used. Works on the page and in a worker
 * (`navigator.storage` exists in both).
 */

/** A summary of `navigator.storage`. */
export interface StorageSummary {
  /** Whether the browser keeps this site's data until the reader clears it (else best-effort). */
  persistent: boolean;
  /** Bytes the site uses, when the browser says. */
  usage?: number;
  /** Bytes the site may use, when the browser says. */
  quota?: number;
}

/** `persist()` exists on pages only, not in workers. */
type Storage = StorageManager & { persist?: () => Promise<boolean> };

function storageManager(): Storage | undefined {
  return typeof navigator === 'undefined' ? undefined : (navigator.storage as Storage);
}

/**
 * Asks the browser to keep this site's storage (`navigator.storage.persist()`);
 * resolves whether it is persistent now. Never rejects: a browser without the
 * API, or one that refuses, leaves storage best-effort.
 */
export async function requestPersistentStorage(): Promise<boolean> {
  const storage = storageManager();
  const persist = storage?.persist;
  if (storage === undefined || persist === undefined) return false;
  try {
    return (await storage.persisted()) || (await persist.call(storage));
  } catch (error) {
    console.warn('py-state-runner: could not ask for persistent storage', error);
    return false;
  }
}

/** Persistent or best-effort, and the bytes used and allowed, as far as the browser says. */
export async function storageSummary(): Promise<StorageSummary> {
  const storage = storageManager();
  if (storage === undefined) return { persistent: false };
  const [persistent, estimate] = await Promise.all([
    storage.persisted?.().catch(() => false) ?? Promise.resolve(false),
    storage.estimate?.().catch(() => undefined) ?? Promise.resolve(undefined),
  ]);
  return { persistent, usage: estimate?.usage, quota: estimate?.quota };
}
