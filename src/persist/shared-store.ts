import { StateStore } from './state-store.js';
import { TabSync } from './tab-sync.js';

/*
 * Every cell of a page saves through one store and one tab channel, as they
 * share one runtime; tests swap them for a store double or a private database.
 */

let store: StateStore | undefined;
let tabs: TabSync | undefined;

/** The page's state store, created on first use. */
export function sharedStateStore(): StateStore {
  store ??= new StateStore();
  return store;
}

/** Replaces the page's state store (tests: a store double, or another database). */
export function setSharedStateStore(next: StateStore | undefined): void {
  store = next;
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
