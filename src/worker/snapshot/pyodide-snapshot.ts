import type { PyodideAPI } from 'pyodide';

/*
 * The one module that names Pyodide's private memory-snapshot API, as it is in
 * Pyodide 314.0.7 (package.json pins that version exactly; a new version must
 * be checked against this file before the pin moves):
 *
 * - `loadPyodide({ _makeSnapshot: true })` boots an interpreter that can be
 *   snapshotted (it wraps the JS globals so that references to them can be
 *   named by path; ~7% slower, so only the snapshot worker does it);
 * - `pyodide.makeMemorySnapshot()` copies the whole wasm heap (~30 MiB) with a
 *   header holding Pyodide's build id and the JS references Python holds. It
 *   throws on a JS object it cannot name by path, so it must be taken before
 *   the host hands Python any JS callback (see host.py start());
 * - `loadPyodide({ _loadSnapshot })` restores the heap instead of running
 *   CPython's start-up. It throws on a snapshot of another Pyodide build. The
 *   file system lives in JavaScript, not in the heap: it comes back empty but
 *   for what Pyodide itself sets up (home folder, standard library).
 *
 * See pyodide/src/js/pyodide.ts (prepareSnapshot, bootstrapPyodide) and
 * src/js/snapshot.ts (makeSnapshot, restoreSnapshot) in Pyodide 314.0.7.
 */

/** The part of `loadPyodide`'s options this module adds. */
export interface SnapshotLoadOptions {
  _makeSnapshot?: boolean;
  _loadSnapshot?: PromiseLike<Uint8Array>;
}

/** Options for an interpreter that will be snapshotted. */
export function snapshotMakingOptions(): SnapshotLoadOptions {
  return { _makeSnapshot: true };
}

/**
 * Options that boot from a snapshot. A promise is accepted so that reading and
 * checking the snapshot overlaps with Pyodide fetching its scripts; when it
 * rejects, `loadPyodide` rejects before compiling anything.
 */
export function snapshotLoadingOptions(snapshot: PromiseLike<Uint8Array>): SnapshotLoadOptions {
  return { _loadSnapshot: snapshot };
}

/** The interpreter's memory, from an interpreter booted with {@link snapshotMakingOptions}. */
export function takeMemorySnapshot(pyodide: PyodideAPI): Uint8Array {
  return (pyodide as unknown as { makeMemorySnapshot(): Uint8Array }).makeMemorySnapshot();
}
