/**
 * The IndexedDB side of the state store: the schema, opening it, and the
 * steps a write transaction shares.
 *
 * Object stores: `blobs` (sha256 → bytes), `revisions` ([key, revision] →
 * manifest, indexed by the blobs it names) and `drafts` (key → the code of
 * an edit not yet saved as a revision).
 */

import { type IDBPDatabase, openDB } from 'idb';
import type { Manifest } from './manifest.js';
import { StoreError } from './store-error.js';

const DATABASE_VERSION = 1;
export const BLOBS = 'blobs';
export const REVISIONS = 'revisions';
export const DRAFTS = 'drafts';
export const BY_BLOB = 'by-blob';

export interface BlobRecord {
  sha256: string;
  data: Uint8Array;
}

export type Db = IDBPDatabase<unknown>;
export async function openStoreDatabase(name: string, onLost: () => void): Promise<Db> {
  if (typeof indexedDB === 'undefined') {
    throw new StoreError('unavailable', 'Browser storage (IndexedDB) does not exist here');
  }
  const db = await openDB(name, DATABASE_VERSION, {
    upgrade(database) {
      database.createObjectStore(BLOBS, { keyPath: 'sha256' });
      const revisions = database.createObjectStore(REVISIONS, { keyPath: ['key', 'revision'] });
      revisions.createIndex(BY_BLOB, 'blobs', { multiEntry: true });
      database.createObjectStore(DRAFTS, { keyPath: 'key' });
    },
    // The open waits until the other tab lets go; say why meanwhile.
    blocked() {
      console.warn(
        'py-state-runner: browser storage waits for an older version of this page, open in another tab, to close',
      );
    },
    // A newer version of the page wants to upgrade: let it, and reopen on next use.
    blocking() {
      db.close();
      onLost();
    },
    terminated: onLost,
  });
  return db;
}

/** Deletes revisions, then each of their blobs that no remaining revision names. */
export async function dropRevisions(
  tx: {
    objectStore(name: string): {
      delete(key: IDBValidKey): Promise<void>;
      index(name: string): { count(key: IDBValidKey): Promise<number> };
    };
  },
  key: string,
  manifests: Manifest[],
): Promise<void> {
  const candidates = new Set<string>();
  for (const manifest of manifests) {
    await tx.objectStore(REVISIONS).delete([key, manifest.revision]);
    for (const sha of Array.isArray(manifest.blobs) ? manifest.blobs : []) candidates.add(sha);
  }
  for (const sha of candidates) {
    if ((await tx.objectStore(REVISIONS).index(BY_BLOB).count(sha)) === 0) {
      await tx.objectStore(BLOBS).delete(sha);
    }
  }
}

export function revisionRange(key: string): IDBKeyRange {
  return IDBKeyRange.bound([key, 0], [key, Number.MAX_SAFE_INTEGER]);
}

export function highestRevision(manifests: unknown[]): number {
  const last = manifests.at(-1) as { revision?: unknown } | undefined;
  return typeof last?.revision === 'number' ? last.revision : 0;
}

/** tx.done rejects when the transaction aborts; the caller reports tx.error instead. */
export function settle(done: Promise<void>): Promise<unknown> {
  return done.then(
    () => undefined,
    (error: unknown) => ({ failed: error }),
  );
}

export function rethrow(outcome: unknown): void {
  if (outcome !== undefined) throw (outcome as { failed: unknown }).failed;
}

export function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // Already finished or aborted by IndexedDB itself (a quota error aborts it).
  }
}
