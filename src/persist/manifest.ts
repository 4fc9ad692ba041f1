/**
 * A cell's saved state as the store keeps it: a small manifest naming each
 * file by sha256, with a checksum over the manifest itself (code included),
 * so a damaged record is recognised on the way back. Pure.
 */

import { sha256Hex } from '../state/encoding.js';

/** One file of a revision. */
export interface ManifestFile {
  path: string;
  sha256: string;
  size: number;
  /** Last modification, milliseconds since the epoch. */
  modified: number;
}

/** What one revision changed against the one before it. */
export interface RevisionChanges {
  added: string[];
  changed: string[];
  removed: string[];
  /** Whether the code differs from the previous revision's. */
  code: boolean;
}

/** The stored record of one revision. */
export interface Manifest {
  key: string;
  revision: number;
  /** ISO 8601 time of the save. */
  savedAt: string;
  code: string;
  /** Sorted by path. */
  files: ManifestFile[];
  changes: RevisionChanges;
  /** The distinct sha256 of the files: the index that finds unreferenced blobs. */
  blobs: string[];
  checksum: string;
}

/** A code edit saved between revisions: cheap, one per key, not part of history. */
export interface Draft {
  key: string;
  code: string;
  /** The revision the edit was made on. */
  baseRevision: number;
  savedAt: string;
  checksum: string;
}

const encoder = new TextEncoder();

/** Builds a manifest with its checksum. */
export async function makeManifest(
  fields: Omit<Manifest, 'blobs' | 'checksum'>,
): Promise<Manifest> {
  const files = [...fields.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const blobs = [...new Set(files.map((file) => file.sha256))].sort();
  const manifest = { ...fields, files, blobs, checksum: '' };
  manifest.checksum = await manifestChecksum(manifest);
  return manifest;
}

/** Whether a record read back is a well-formed manifest whose checksum matches. */
export async function isIntactManifest(record: unknown): Promise<boolean> {
  if (!isManifestShape(record)) return false;
  return (await manifestChecksum(record)) === record.checksum;
}

export async function makeDraft(fields: Omit<Draft, 'checksum'>): Promise<Draft> {
  const draft = { ...fields, checksum: '' };
  draft.checksum = await draftChecksum(draft);
  return draft;
}

export async function isIntactDraft(record: unknown): Promise<boolean> {
  if (typeof record !== 'object' || record === null) return false;
  const draft = record as Draft;
  if (typeof draft.code !== 'string' || typeof draft.checksum !== 'string') return false;
  return (await draftChecksum(draft)) === draft.checksum;
}

/** What `next` changed against `previous` (undefined: nothing stored before). */
export function diffFiles(
  previous: { files: ManifestFile[]; code: string } | undefined,
  next: { files: ManifestFile[]; code: string },
): RevisionChanges {
  const before = new Map((previous?.files ?? []).map((file) => [file.path, file.sha256]));
  const after = new Map(next.files.map((file) => [file.path, file.sha256]));
  const added = [...after.keys()].filter((path) => !before.has(path));
  const changed = [...after].filter(([path, sha]) => before.has(path) && before.get(path) !== sha);
  const removed = [...before.keys()].filter((path) => !after.has(path));
  return {
    added,
    changed: changed.map(([path]) => path),
    removed,
    code: (previous?.code ?? '') !== next.code,
  };
}

export function isUnchanged(changes: RevisionChanges): boolean {
  return (
    !changes.code &&
    changes.added.length === 0 &&
    changes.changed.length === 0 &&
    changes.removed.length === 0
  );
}

/** Bytes a manifest takes, for the written-bytes count. */
export function manifestBytes(manifest: Manifest | Draft): number {
  return encoder.encode(JSON.stringify(manifest)).length;
}

/** The checksum covers every field in a fixed order, so key order in storage does not matter. */
function manifestChecksum(manifest: Manifest): Promise<string> {
  const { key, revision, savedAt, code, files, changes, blobs } = manifest;
  const body = [
    'manifest-1',
    key,
    revision,
    savedAt,
    code,
    files.map((file) => [file.path, file.sha256, file.size, file.modified]),
    [changes.added, changes.changed, changes.removed, changes.code],
    blobs,
  ];
  return sha256Hex(encoder.encode(JSON.stringify(body)));
}

function draftChecksum(draft: Draft): Promise<string> {
  const body = ['draft-1', draft.key, draft.code, draft.baseRevision, draft.savedAt];
  return sha256Hex(encoder.encode(JSON.stringify(body)));
}

function isManifestShape(record: unknown): record is Manifest {
  if (typeof record !== 'object' || record === null) return false;
  const manifest = record as Manifest;
  return (
    typeof manifest.key === 'string' &&
    Number.isSafeInteger(manifest.revision) &&
    typeof manifest.code === 'string' &&
    typeof manifest.savedAt === 'string' &&
    typeof manifest.checksum === 'string' &&
    Array.isArray(manifest.files) &&
    Array.isArray(manifest.blobs) &&
    typeof manifest.changes === 'object' &&
    manifest.changes !== null &&
    manifest.files.every(
      (file) =>
        typeof file === 'object' &&
        file !== null &&
        typeof file.path === 'string' &&
        typeof file.sha256 === 'string' &&
        Number.isSafeInteger(file.size) &&
        typeof file.modified === 'number',
    )
  );
}
