/** The shapes the state store takes and returns. */

import type { RevisionChanges } from './manifest.js';

export type { RevisionChanges } from './manifest.js';

/** A file handed to `StateStore.save`. */
export interface StoreFileInput {
  path: string;
  data: Uint8Array;
  /** Milliseconds since the epoch; the save time by default. */
  modified?: number;
}

/** A file read back, verified against its sha256. */
export interface StoredFile {
  path: string;
  data: Uint8Array;
  size: number;
  modified: number;
}

/** What to save: the code, and either every file or the change since `baseRevision`. */
export type SaveInput = {
  code: string;
  /** The revision this state was based on (0 when nothing was stored). */
  baseRevision: number;
} & (
  | { files: StoreFileInput[]; delta?: undefined }
  | { files?: undefined; delta: { changed: StoreFileInput[]; removed: string[] } }
);

/** What a save did. */
export interface SaveResult {
  /** False when nothing changed, so nothing was written. */
  saved: boolean;
  /** The newest stored revision after the save. */
  revision: number;
  /** Blob and manifest bytes written by this save. */
  bytesWritten: number;
  /** How many file blobs this save wrote (files already stored by sha256 are not written again). */
  blobsWritten: number;
  changes: RevisionChanges;
}

/** A code draft read back. */
export interface DraftInfo {
  code: string;
  baseRevision: number;
  savedAt: string;
}

/**
 * What `StateStore.load` found. `headRevision` is what the next save
 * passes as `baseRevision`, even when the newest revision was damaged and an
 * older one was restored. `draft`, when present, holds code edited after
 * that revision; a caller shows `draft.code` when `draft.baseRevision`
 * equals `headRevision`.
 */
export type LoadResult =
  | { kind: 'empty'; headRevision: number; draft?: DraftInfo; warnings: string[] }
  | { kind: 'unusable'; headRevision: number; draft?: DraftInfo; warnings: string[] }
  | {
      kind: 'restored';
      headRevision: number;
      /** The revision whose code and files these are. */
      revision: number;
      savedAt: string;
      code: string;
      files: StoredFile[];
      draft?: DraftInfo;
      warnings: string[];
    };

/**
 * What `StateStore.peekCode` found: the newest revision's code read from its
 * manifest alone (the manifest's checksum covers the code; the files are not
 * read), so a cell can show it before `load` has verified every file.
 * `load` may still fall back to an earlier revision when a file proves damaged.
 */
export interface PeekResult {
  headRevision: number;
  /** The newest revision, when its manifest is intact. */
  newest?: { revision: number; code: string; savedAt: string };
  draft?: DraftInfo;
}

/** One entry of a key's history, newest first. */
export interface RevisionInfo {
  revision: number;
  savedAt: string;
  changes: RevisionChanges;
  fileCount: number;
  /** Sum of the files' sizes. */
  bytes: number;
  /** The manifest does not match its checksum: it cannot be restored. */
  damaged: boolean;
}

/** A revision read back whole. */
export interface RevisionContent {
  revision: number;
  savedAt: string;
  code: string;
  files: StoredFile[];
}

/** Options of `StateStore`. */
export interface StateStoreOptions {
  /** The IndexedDB database name; `DEFAULT_DATABASE_NAME` by default. */
  databaseName?: string;
  /** Revisions kept per key; `DEFAULT_MAX_REVISIONS` by default. */
  maxRevisions?: number;
  /** Distinct file bytes a key's history may keep; the newest revision is always kept. */
  maxHistoryBytes?: number;
  /** Called after each committed save, e.g. to tell other tabs. */
  onSaved?: (key: string, revision: number) => void;
  /** Where warnings about damaged records go; console.warn by default. */
  warn?: (message: string) => void;
}
