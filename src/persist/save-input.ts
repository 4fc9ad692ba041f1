/** Checking and preparing what a save is given, before any transaction opens. */

import { sha256Hex } from '../state/encoding.js';
import { findStatePathProblem } from '../state/state-path.js';
import type { Manifest, ManifestFile } from './manifest.js';
import { StoreError } from './store-error.js';
import type { SaveInput, StoreFileInput } from './store-types.js';

export function checkSaveInput(input: SaveInput): void {
  if (!Number.isSafeInteger(input.baseRevision) || input.baseRevision < 0) {
    throw new StoreError(
      'invalid',
      `baseRevision must be a whole number ≥ 0, not ${String(input.baseRevision)}`,
    );
  }
  if (typeof input.code !== 'string') {
    throw new StoreError('invalid', 'The code to save must be a string');
  }
  if ((input.files === undefined) === (input.delta === undefined)) {
    throw new StoreError(
      'invalid',
      'A save takes either every file (files) or a change (delta), not both or neither',
    );
  }
  const paths = input.files?.map((file) => file.path) ?? [
    ...input.delta!.changed.map((file) => file.path),
    ...input.delta!.removed,
  ];
  const problem = findStatePathProblem(paths);
  if (problem !== undefined) throw new StoreError('invalid', problem.message);
}

export async function hashFiles(
  files: StoreFileInput[],
  now: number,
): Promise<(ManifestFile & { data: Uint8Array })[]> {
  return Promise.all(
    files.map(async (file) => ({
      path: file.path,
      sha256: await sha256Hex(file.data),
      size: file.data.length,
      modified: file.modified ?? now,
      data: file.data,
    })),
  );
}

export function mergeFiles(
  head: Manifest | undefined,
  input: SaveInput,
  hashed: ManifestFile[],
): ManifestFile[] {
  const strip = ({ path, sha256, size, modified }: ManifestFile): ManifestFile => ({
    path,
    sha256,
    size,
    modified,
  });
  if (input.delta === undefined) return hashed.map(strip);
  const byPath = new Map((head?.files ?? []).map((file) => [file.path, file]));
  for (const path of input.delta.removed) byPath.delete(path);
  for (const file of hashed) byPath.set(file.path, strip(file));
  return [...byPath.values()];
}
