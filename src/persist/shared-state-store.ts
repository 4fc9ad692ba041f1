import { StateStore } from './state-store.js';
import type { StateStoreOptions } from './store-types.js';
import { TabSync } from './tab-sync.js';

/*
 * The page keeps one state store, as it keeps one runtime: cells reach it
 * only through this accessor, so that `configure({ history })` and tests can
 * hand them another one.
 */

let shared: StateStore | undefined;
let storeOptions: StateStoreOptions = {};
let tabs: TabSync | undefined;

/** How much history each cell keeps: `configure({ history })`. */
export interface HistoryOptions {
  /** Revisions kept per cell; 20 by default. */
  maxRevisions?: number;
  /** Distinct file bytes a cell's history may keep (files shared by revisions count once); the newest revision always stays. 500 MB by default. */
  maxBytes?: number;
}

/** The state store every cell on the page shares, created on first use. */
export function sharedStateStore(): StateStore {
  shared ??= new StateStore(storeOptions);
  return shared;
}

/**
 * Throws a `TypeError` naming the first bad field of `configure({ history })`;
 * the caller checks before it changes anything.
 */
export function checkHistoryOptions(history: HistoryOptions): void {
  if (typeof history !== 'object' || history === null) {
    throw new TypeError('configure(): history must be an object such as { maxRevisions: 20 }.');
  }
  const { maxRevisions, maxBytes } = history;
  if (maxRevisions !== undefined && !(Number.isSafeInteger(maxRevisions) && maxRevisions >= 1)) {
    throw new TypeError(
      `configure(): history.maxRevisions must be a whole number of at least 1, not ${String(maxRevisions)}.`,
    );
  }
  if (maxBytes !== undefined && !(Number.isSafeInteger(maxBytes) && maxBytes >= 0)) {
    throw new TypeError(
      `configure(): history.maxBytes must be a whole number of bytes, 0 or more, not ${String(maxBytes)}.`,
    );
  }
}

/** Applies checked history bounds; they take effect from the next save. */
export function configureHistory(history: HistoryOptions): void {
  checkHistoryOptions(history);
  storeOptions = {
    ...storeOptions,
    ...(history.maxRevisions === undefined ? {} : { maxRevisions: history.maxRevisions }),
    ...(history.maxBytes === undefined ? {} : { maxHistoryBytes: history.maxBytes }),
  };
  replace(undefined);
}

/**
 * Replaces the shared store (tests: a store double, or one of their own
 * database); configure() keeps its database. `undefined` goes back to the default.
 */
export function setSharedStateStore(store: StateStore | undefined): void {
  storeOptions = store
    ? {
        databaseName: store.databaseName,
        maxRevisions: store.maxRevisions,
        maxHistoryBytes: store.maxHistoryBytes,
      }
    : {};
  replace(store);
}

/** The page's end of the save announcements between tabs, when BroadcastChannel exists. */
export function sharedTabSync(): TabSync | undefined {
  if (tabs === undefined && typeof BroadcastChannel !== 'undefined') tabs = new TabSync();
  return tabs;
}

/** Replaces the page's tab channel (tests). */
export function setSharedTabSync(next: TabSync | undefined): void {
  tabs?.close();
  tabs = next;
}

function replace(store: StateStore | undefined): void {
  const previous = shared;
  shared = store;
  // Its connection is no longer used; closing it only frees it sooner.
  if (previous !== undefined && previous !== store) void previous.close();
}
