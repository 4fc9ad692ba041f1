import { openDB } from 'idb';
import { StateStore, type StateStoreOptions } from '../../src/persist/state-store.js';
import { StoreError } from '../../src/persist/store-error.js';

export const encoder = new TextEncoder();
export const decoder = new TextDecoder();

/** A store on a database of its own, so nothing leaks between tests. */
export function freshStore(options: StateStoreOptions = {}): StateStore {
  return new StateStore({
    databaseName: `psr-test-${crypto.randomUUID()}`,
    warn: () => {},
    ...options,
  });
}

/** A second "tab": another store instance on the same database. */
export function sameDatabase(store: StateStore, options: StateStoreOptions = {}): StateStore {
  return new StateStore({ databaseName: store.databaseName, warn: () => {}, ...options });
}

export async function dispose(...stores: StateStore[]): Promise<void> {
  for (const store of stores) await store.close();
  await StateStore.deleteDatabase(stores[0]!.databaseName);
}

export function text(path: string, content: string, modified = 1_700_000_000_000) {
  return { path, data: encoder.encode(content), modified };
}

/** Deterministic bytes that differ per seed. */
export function noise(length: number, seed = 0x2545f491): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed || 1;
  for (let index = 0; index < length; index++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[index] = state;
  }
  return bytes;
}

export async function storeRefusal(input: Promise<unknown>): Promise<StoreError> {
  try {
    await input;
  } catch (error) {
    if (error instanceof StoreError) return error;
    throw error;
  }
  throw new Error('expected a StoreError');
}

/** Raw access to the database, to damage records as a broken disk would. */
export async function raw(store: StateStore) {
  return openDB(store.databaseName);
}

/** The sha256 keys of every stored blob. */
export async function blobKeys(store: StateStore): Promise<string[]> {
  const db = await raw(store);
  try {
    return (await db.getAllKeys('blobs')) as string[];
  } finally {
    db.close();
  }
}

export function contents(files: { path: string; data: Uint8Array }[]): Record<string, string> {
  return Object.fromEntries(files.map((file) => [file.path, decoder.decode(file.data)]));
}
