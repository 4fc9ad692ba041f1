import { openDB } from 'idb';
import { LISTED_DATABASES } from '../../protocol.js';

/*
 * Where the runtime's memory snapshot is kept: its own IndexedDB database
 * (not the cells' store), one object store, one record. The record carries
 * its key (what it was made from), its length and its sha256 beside the
 * bytes, written in one `put`, so that it is whole or absent; reading checks
 * all three before a byte reaches Pyodide, which would otherwise boot from
 * whatever it is given.
 */

const STORE = 'snapshot';
const RECORD = 'runtime';

interface SnapshotRecord {
  key: string;
  size: number;
  sha256: string;
  bytes: ArrayBuffer;
  savedAt: string;
}

/** Why a stored snapshot cannot be used; `missing` also covers storage that does not work here. */
export type SnapshotProblem = 'missing' | 'stale' | 'truncated' | 'corrupt';

/** A stored snapshot that is not usable; the boot falls back and says why to the client. */
export class SnapshotUnusableError extends Error {
  override name = 'SnapshotUnusableError';
  readonly reason: SnapshotProblem;

  constructor(reason: SnapshotProblem, message: string) {
    super(message);
    this.reason = reason;
  }
}

/**
 * Opens the database with its object store, at whatever version it is. A
 * database of this name without the store (one opened without a version
 * before the first snapshot was written, as a page's own probe may) is
 * upgraded to one with it: opening at a fixed version 1 found no store there,
 * and no snapshot could ever be written on that origin.
 */
export async function openSnapshotDatabase(database: string) {
  if (typeof indexedDB === 'undefined') {
    throw new SnapshotUnusableError('missing', 'IndexedDB does not exist here.');
  }
  for (let attempt = 1; ; attempt++) {
    const db = await openDB(database);
    if (db.objectStoreNames.contains(STORE)) return db;
    const version = db.version + 1;
    db.close();
    try {
      return await openDB(database, version, {
        upgrade(upgrading) {
          if (!upgrading.objectStoreNames.contains(STORE)) upgrading.createObjectStore(STORE);
        },
      });
    } catch (error) {
      // Another tab upgraded it past `version` meanwhile: open it as it is now.
      if (attempt >= 3 || (error as DOMException).name !== 'VersionError') throw error;
    }
  }
}

export async function sha256Hex(bytes: Uint8Array | ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * The snapshot stored under `key`, once its length is checked; its bytes
 * come from `checkedBytes()`, which checks the sha256 first (tens of
 * milliseconds for 30 MiB, so a boot overlaps it with fetching Pyodide).
 * Both reject with a {@link SnapshotUnusableError} when there is none, it
 * was made from something else, or its bytes are not the ones written.
 */
export async function findSnapshot(
  database: string,
  key: string | Promise<string>,
): Promise<{ checkedBytes(): Promise<Uint8Array> }> {
  const reading = readRecord(database);
  // Both settle before either is judged: a failed key leaves no read unseen.
  const [read, wanted] = await Promise.allSettled([reading, key]);
  if (read.status === 'rejected') throw read.reason;
  if (wanted.status === 'rejected') throw wanted.reason;
  const record = read.value;
  if (!record) throw new SnapshotUnusableError('missing', 'No snapshot is stored.');
  if (record.key !== wanted.value) {
    throw new SnapshotUnusableError('stale', `The stored snapshot is of ${record.key}.`);
  }
  const { bytes, size, sha256 } = record;
  if (!(bytes instanceof ArrayBuffer) || bytes.byteLength !== size) {
    throw new SnapshotUnusableError('truncated', 'The stored snapshot is not whole.');
  }
  return {
    async checkedBytes() {
      if ((await sha256Hex(bytes)) !== sha256) {
        throw new SnapshotUnusableError(
          'corrupt',
          'The stored snapshot does not match its sha256.',
        );
      }
      return new Uint8Array(bytes);
    },
  };
}

/**
 * False when the browser lists its databases and this one is not there: a
 * first visit then learns there is no snapshot without opening the database,
 * which would create it (~20 ms before Pyodide could start). True when it is
 * there or the list cannot be had.
 */
async function mayExist(database: string): Promise<boolean> {
  const listing = listDatabases();
  if (!listing) return true;
  try {
    return (await listing).some((entry) => entry.name === database);
  } catch {
    return true;
  }
}

/**
 * The browser's list of databases: the one the worker's shim asked for as
 * the worker started, taken once (a later lookup asks again), else a new one;
 * none where the browser cannot list them.
 */
function listDatabases(): Promise<IDBDatabaseInfo[]> | undefined {
  const scope = globalThis as unknown as Record<symbol, Promise<IDBDatabaseInfo[]> | undefined>;
  const key = Symbol.for(LISTED_DATABASES);
  const listed = scope[key];
  delete scope[key];
  if (listed) return listed;
  return typeof indexedDB.databases === 'function' ? indexedDB.databases() : undefined;
}

async function readRecord(database: string): Promise<SnapshotRecord | undefined> {
  try {
    if (typeof indexedDB !== 'undefined' && !(await mayExist(database))) return undefined;
    const db = await openSnapshotDatabase(database);
    try {
      return await db.get(STORE, RECORD);
    } finally {
      db.close();
    }
  } catch (error) {
    if (error instanceof SnapshotUnusableError) throw error;
    throw new SnapshotUnusableError('missing', `The snapshot could not be read: ${error}`);
  }
}

/** Stores a snapshot under `key`, replacing any other, in one transaction. */
export async function writeSnapshot(
  database: string,
  key: string,
  bytes: Uint8Array,
): Promise<void> {
  // Exactly the snapshot's bytes: a view into a larger buffer is copied.
  const isWhole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  const copy = (isWhole ? bytes.buffer : bytes.slice().buffer) as ArrayBuffer;
  const record: SnapshotRecord = {
    key,
    size: copy.byteLength,
    sha256: await sha256Hex(copy),
    bytes: copy,
    savedAt: new Date().toISOString(),
  };
  const db = await openSnapshotDatabase(database);
  try {
    await db.put(STORE, record, RECORD);
  } finally {
    db.close();
  }
}

/** Removes an unusable snapshot, so that later boots do not read it again. */
export async function deleteSnapshot(database: string): Promise<void> {
  const db = await openSnapshotDatabase(database);
  try {
    await db.delete(STORE, RECORD);
  } finally {
    db.close();
  }
}
