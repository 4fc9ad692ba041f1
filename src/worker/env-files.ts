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
  lookupPath(path: string): { node?: FsNode };
  lookupNode(parent: FsNode, name: string): FsNode;
}

/** A node of Emscripten's file system: what a walk reads without building paths. */
export interface FsNode {
  mode: number;
  node_ops: {
    readdir?(node: FsNode): string[];
    getattr(node: FsNode): { size: number; mtime: Date | number };
  };
}

interface Listed {
  path: string;
  size: number;
  modified: number;
}

function toMillis(time: Date | number): number {
  return typeof time === 'number' ? time : time.getTime();
}

/**
 * Every regular file under `folder`, paths relative to it, sorted. Links are
 * skipped. The walk goes from node to node: a lookup by path costs its
 * depth, so a walk by paths would cost depth² per file (#12).
 */
export function listFiles(fs: FileSystem, folder: string): Listed[] {
  const found: Listed[] = [];
  if (!fs.analyzePath(folder).exists) return found;
  const root = fs.lookupPath(folder).node;
  if (!root) return found;
  // An explicit stack, not recursion: a folder 10,000 deep must not overflow the JS stack.
  const stack: { node: FsNode; prefix: string }[] = [{ node: root, prefix: '' }];
  while (stack.length > 0) {
    const { node, prefix } = stack.pop()!;
    for (const entry of node.node_ops.readdir?.(node) ?? []) {
      if (entry === '.' || entry === '..') continue;
      const child = fs.lookupNode(node, entry);
      const path = prefix + entry;
      if (fs.isDir(child.mode)) {
        stack.push({ node: child, prefix: `${path}/` });
      } else if (fs.isFile(child.mode)) {
        const stat = child.node_ops.getattr(child);
        found.push({ path, size: stat.size, modified: toMillis(stat.mtime) });
      }
    }
  }
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
 * Writes files under `folder`, making each folder once: mkdirTree per file
 * would walk every ancestor again for each file (#12: 1,000 files, or one
 * file 2,000 folders deep).
 */
export function writeInto(fs: FileSystem, folder: string, files: readonly EnvFile[]): void {
  const made = new Set<string>(['']);
  for (const file of files) {
    const slash = file.path.lastIndexOf('/');
    const parent = slash === -1 ? '' : file.path.slice(0, slash);
    if (!made.has(parent)) {
      fs.mkdirTree(`${folder}/${parent}`);
      for (let at = parent.length; at > 0; at = parent.lastIndexOf('/', at - 1)) {
        if (made.has(parent.slice(0, at))) break;
        made.add(parent.slice(0, at));
      }
    }
    const target = `${folder}/${file.path}`;
    fs.writeFile(target, file.data);
    fs.utime(target, file.modified, file.modified);
  }
}

/**
 * Replaces the folder's content with `files`: writes them into a dot-folder
 * beside it, then swaps the two by rename. A failure at any step puts the
 * old folder back and removes what was written, so the cell is exactly as
 * it was and no `.staging-N` or `.retired-N` folder is left behind.
 */
export function replaceFolder(fs: FileSystem, folder: string, files: readonly EnvFile[]): void {
  swapCounter += 1;
  const staging = `${HOME}/.staging-${swapCounter}`;
  const retired = `${HOME}/.retired-${swapCounter}`;
  try {
    removeTree(fs, staging);
    fs.mkdirTree(staging);
    writeInto(fs, staging, files);
  } catch (error) {
    removeTree(fs, staging);
    throw asError(error, 'Could not write the files');
  }
  const hadFolder = fs.analyzePath(folder).exists;
  try {
    if (hadFolder) fs.rename(folder, retired);
  } catch (error) {
    removeTree(fs, staging);
    throw asError(error, 'Could not set the old files aside');
  }
  try {
    fs.rename(staging, folder);
  } catch (error) {
    if (hadFolder) fs.rename(retired, folder);
    removeTree(fs, staging);
    throw asError(error, 'Could not put the new files in place');
  }
  if (hadFolder) removeTree(fs, retired);
}

/**
 * Clear: moves the folder to `aside` (for Undo) and leaves an empty folder in
 * its place; an older `aside` is replaced. A failure puts the folder back,
 * so the cell is as it was and no `.cleared-*` folder is left.
 */
export function setFolderAside(fs: FileSystem, folder: string, aside: string): void {
  removeTree(fs, aside);
  let isMoved = false;
  try {
    if (fs.analyzePath(folder).exists) {
      fs.rename(folder, aside);
      isMoved = true;
    }
    fs.mkdirTree(folder);
  } catch (error) {
    if (isMoved) {
      removeTree(fs, folder);
      fs.rename(aside, folder);
    }
    throw asError(error, 'Could not clear the folder');
  }
}

/**
 * Undo of a Clear: puts the folder set aside back in place of the one made
 * since. That one is moved away, not deleted, until the old one is back: a
 * failure leaves both where they were, so Undo can be tried again.
 */
export function restoreFolder(fs: FileSystem, folder: string, aside: string): void {
  const since = `${aside}-undo`;
  removeTree(fs, since);
  try {
    if (fs.analyzePath(folder).exists) fs.rename(folder, since);
    if (fs.analyzePath(aside).exists) fs.rename(aside, folder);
    else fs.mkdirTree(folder);
  } catch (error) {
    if (!fs.analyzePath(folder).exists && fs.analyzePath(since).exists) fs.rename(since, folder);
    throw asError(error, 'Could not undo the Clear');
  }
  removeTree(fs, since);
}

/** Emscripten's FS.ErrnoError carries an errno only (its wasm numbering); these are the ones a folder swap meets. */
const ERRNO_NAMES: Readonly<Record<number, string>> = {
  2: 'permission denied',
  10: 'busy',
  20: 'already exists',
  28: 'invalid argument',
  31: 'is a folder',
  44: 'no such file or folder',
  48: 'out of memory',
  54: 'not a folder',
  55: 'folder not empty',
  63: 'not permitted',
};

/**
 * An Error with a message a person can read, whatever was thrown:
 * Emscripten's FS.ErrnoError is not an Error and would cross the worker
 * boundary as "[object Object]" (#12).
 */
export function asError(error: unknown, action: string): Error {
  if (error instanceof Error && error.name !== 'ErrnoError') return error;
  const { errno, message } = (typeof error === 'object' && error !== null ? error : {}) as {
    errno?: unknown;
    message?: unknown;
  };
  let detail: string;
  if (typeof errno === 'number') detail = ERRNO_NAMES[errno] ?? `file system error ${errno}`;
  else if (typeof message === 'string') detail = message;
  else if (typeof error === 'object' && error !== null) detail = 'an unknown error';
  else detail = String(error);
  return new Error(`${action}: ${detail}.`, { cause: error });
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
