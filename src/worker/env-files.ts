import type { EnvFile, EnvSnapshotDelta } from '../protocol.js';
import { HOME } from './env-folder.js';

/** The part of Emscripten's FS this module uses; Pyodide's own typing of it is loose. */
export interface FileSystem {
  readdir(path: string): string[];
  stat(path: string): { mode: number; size: number; mtime: Date | number };
  lstat(path: string): { mode: number };
  isDir(mode: number): boolean;
  isFile(mode: number): boolean;
  readFile(path: string): Uint8Array;
  writeFile(path: string, data: Uint8Array): void;
  mkdirTree(path: string): void;
  rmdir(path: string): void;
  unlink(path: string): void;
  rename(from: string, to: string): void;
  utime(path: string, atime: number, mtime: number): void;
  analyzePath(path: string): { exists: boolean };
}

interface Listed {
  path: string;
  size: number;
  modified: number;
}

function toMillis(time: Date | number): number {
  return typeof time === 'number' ? time : time.getTime();
}

/** Every regular file under `folder`, paths relative to it, sorted. Links are skipped. */
export function listFiles(fs: FileSystem, folder: string): Listed[] {
  const found: Listed[] = [];
  const walk = (relative: string) => {
    const absolute = relative ? `${folder}/${relative}` : folder;
    for (const entry of fs.readdir(absolute)) {
      if (entry === '.' || entry === '..') continue;
      const child = relative ? `${relative}/${entry}` : entry;
      const mode = fs.lstat(`${folder}/${child}`).mode;
      if (fs.isDir(mode)) {
        walk(child);
      } else if (fs.isFile(mode)) {
        const stat = fs.stat(`${folder}/${child}`);
        found.push({ path: child, size: stat.size, modified: toMillis(stat.mtime) });
      }
    }
  };
  if (fs.analyzePath(folder).exists) walk('');
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function readFiles(fs: FileSystem, folder: string): EnvFile[] {
  return listFiles(fs, folder).map((file) => ({
    path: file.path,
    modified: file.modified,
    data: fs.readFile(`${folder}/${file.path}`),
  }));
}

export function removeTree(fs: FileSystem, path: string): void {
  if (!fs.analyzePath(path).exists) return;
  const mode = fs.lstat(path).mode;
  if (!fs.isDir(mode)) {
    fs.unlink(path);
    return;
  }
  for (const entry of fs.readdir(path)) {
    if (entry === '.' || entry === '..') continue;
    removeTree(fs, `${path}/${entry}`);
  }
  fs.rmdir(path);
}

let swapCounter = 0;

/**
 * Replaces the folder's content with `files`: writes them into a dot-folder
 * beside it, then swaps the two by rename, so a failure while writing leaves
 * the old folder as it was.
 */
export function replaceFolder(fs: FileSystem, folder: string, files: readonly EnvFile[]): void {
  swapCounter += 1;
  const staging = `${HOME}/.staging-${swapCounter}`;
  const retired = `${HOME}/.retired-${swapCounter}`;
  removeTree(fs, staging);
  fs.mkdirTree(staging);
  try {
    for (const file of files) {
      const target = `${staging}/${file.path}`;
      const parent = target.slice(0, target.lastIndexOf('/'));
      fs.mkdirTree(parent);
      fs.writeFile(target, file.data);
      fs.utime(target, file.modified, file.modified);
    }
  } catch (error) {
    removeTree(fs, staging);
    throw error;
  }
  const hadFolder = fs.analyzePath(folder).exists;
  if (hadFolder) fs.rename(folder, retired);
  fs.rename(staging, folder);
  if (hadFolder) removeTree(fs, retired);
}

/**
 * Remembers what was last sent for each env, so that a run's snapshot carries
 * only the files it changed. A file counts as unchanged only when its size and
 * mtime match and that mtime is older than the snapshot that recorded it,
 * since two writes within one millisecond share an mtime.
 */
export class SnapshotTracker {
  #sent = new Map<
    string,
    { taken: number; files: Map<string, { size: number; modified: number }> }
  >();

  delta(fs: FileSystem, env: string, folder: string): EnvSnapshotDelta {
    const taken = Date.now();
    const previous = this.#sent.get(env);
    const listed = listFiles(fs, folder);
    const changed: EnvFile[] = [];
    const files = new Map<string, { size: number; modified: number }>();
    for (const file of listed) {
      files.set(file.path, { size: file.size, modified: file.modified });
      const before = previous?.files.get(file.path);
      const isUnchanged =
        before !== undefined &&
        before.size === file.size &&
        before.modified === file.modified &&
        file.modified < previous!.taken;
      if (!isUnchanged) {
        changed.push({ ...file, data: fs.readFile(`${folder}/${file.path}`) });
      }
    }
    this.#sent.set(env, { taken, files });
    return { paths: listed.map((file) => file.path), changed };
  }

  /** Forgets an env, so that its next delta sends every file. */
  forget(env: string): void {
    this.#sent.delete(env);
  }
}
