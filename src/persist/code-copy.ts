/**
 * A quick copy of each stored cell's code in localStorage, read synchronously
 * when the cell connects, so its code shows before IndexedDB has even opened
 * (that takes tens of milliseconds). It is only a preview: IndexedDB stays
 * the truth, and the cell takes what IndexedDB says as soon as it answers,
 * before the reader can edit (the editor waits for that answer). A copy that
 * does not match its checksum is ignored; one that cannot be written (no
 * localStorage, quota) is simply missing.
 */

const PREFIX = 'py-state-runner:code:';

interface CodeCopy {
  code: string;
  checksum: string;
}

/** FNV-1a over the key and the code: catches a damaged or misplaced copy, fast and synchronous. */
export function codeCopyChecksum(key: string, code: string): string {
  let hash = 0x811c9dc5;
  const text = `${key}\u0000${code}`;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** What of localStorage this uses (the module also type-checks for workers, which have none). */
interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function storage(): KeyValueStore | undefined {
  try {
    return (globalThis as { localStorage?: KeyValueStore }).localStorage;
  } catch {
    // Blocked storage throws on access.
    return undefined;
  }
}

/** The copied code of `key`, when there is an intact one. */
export function readCodeCopy(key: string): string | undefined {
  try {
    const raw = storage()?.getItem(PREFIX + key);
    if (!raw) return undefined;
    const copy = JSON.parse(raw) as Partial<CodeCopy>;
    if (typeof copy.code !== 'string' || typeof copy.checksum !== 'string') return undefined;
    return copy.checksum === codeCopyChecksum(key, copy.code) ? copy.code : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps `code` as the copy of `key`; `undefined` removes it. Never throws. */
export function writeCodeCopy(key: string, code: string | undefined): void {
  try {
    const store = storage();
    if (!store) return;
    if (code === undefined) {
      store.removeItem(PREFIX + key);
      return;
    }
    const copy: CodeCopy = { code, checksum: codeCopyChecksum(key, code) };
    store.setItem(PREFIX + key, JSON.stringify(copy));
  } catch {
    // Over quota or unavailable: the next visit waits for IndexedDB, as without a copy.
  }
}

/** The storage key of every copy, as localStorage names it (tests, clearing). */
export function codeCopyItem(key: string): string {
  return PREFIX + key;
}
