/**
 * Two fixes to the Emscripten file system inside Pyodide (checked against
 * Pyodide 314.0.7's pyodide.asm.mjs), applied once at boot, before any env
 * folder exists. Both keep Emscripten's behaviour and change only its cost
 * or its choice of JavaScript object (#12).
 */

/** The internals this module touches; Pyodide types none of them. */
interface FsNode {
  mode: number;
  parent: FsNode;
  contents?: unknown;
  mounted?: { root: FsNode } | null;
  node_ops: { readlink?: (node: FsNode) => string };
}

interface InternalFileSystem {
  root: FsNode;
  cwd(): string;
  isRoot(node: FsNode): boolean;
  isDir(mode: number): boolean;
  isLink(mode: number): boolean;
  isMountpoint(node: FsNode): boolean;
  lookupNode(parent: FsNode, name: string): FsNode;
  lookupPath(
    path: string,
    options?: { parent?: boolean; follow?: boolean; follow_mount?: boolean; noent_okay?: boolean },
  ): { path: string; node?: FsNode };
  ErrnoError: new (errno: number) => Error;
  filesystems: {
    MEMFS: { createNode(parent: FsNode | null, name: string, mode: number, dev: number): FsNode };
  };
}

const ENOENT = 44;
const ENOTSUP = 52;
const ELOOP = 32;

/** The parent of an absolute, normalised path ("/a" gives "/"). */
function parentOf(path: string): string {
  return path.slice(0, Math.max(path.lastIndexOf('/'), 1));
}

/**
 * Emscripten's lookupPath rebuilds the path it has walked with
 * `PATH.join2`, which normalises the whole string at every step: one lookup
 * at depth d costs d², and a walk of a deep folder d³ (one file at depth
 * 2,045 took 157 s to load). This is the same walk with the path grown by
 * concatenation, which is what join2 gives for a plain segment.
 */
function linearLookupPath(fs: InternalFileSystem): InternalFileSystem['lookupPath'] {
  return (start, options = {}) => {
    if (!start) throw new fs.ErrnoError(ENOENT);
    options.follow_mount ??= true;
    let path = start.startsWith('/') ? start : `${fs.cwd()}/${start}`;
    links: for (let links = 0; links < 40; links++) {
      const parts = path.split('/').filter((part) => part !== '');
      let current = fs.root;
      let walked = '/';
      for (let index = 0; index < parts.length; index++) {
        const isLast = index === parts.length - 1;
        if (isLast && options.parent) break;
        const part = parts[index]!;
        if (part === '.') continue;
        if (part === '..') {
          walked = parentOf(walked);
          if (fs.isRoot(current)) {
            path = `${walked}/${parts.slice(index + 1).join('/')}`;
            links--;
            continue links;
          }
          current = current.parent;
          continue;
        }
        walked = walked === '/' ? `/${part}` : `${walked}/${part}`;
        try {
          current = fs.lookupNode(current, part);
        } catch (error) {
          if ((error as { errno?: number }).errno === ENOENT && isLast && options.noent_okay) {
            return { path: walked };
          }
          throw error;
        }
        if (fs.isMountpoint(current) && (!isLast || options.follow_mount)) {
          current = current.mounted!.root;
        }
        if (fs.isLink(current.mode) && (!isLast || options.follow)) {
          if (!current.node_ops.readlink) throw new fs.ErrnoError(ENOTSUP);
          let link = current.node_ops.readlink(current);
          if (!link.startsWith('/')) link = `${parentOf(walked)}/${link}`;
          path = `${link}/${parts.slice(index + 1).join('/')}`;
          continue links;
        }
      }
      return { path: walked, node: current };
    }
    throw new fs.ErrnoError(ELOOP);
  };
}

/**
 * MEMFS keeps a folder's entries in a plain object, so a file named
 * `__proto__` replaced the object's prototype instead of becoming an entry:
 * `os.listdir` did not see it and Save lost it. New folders get an object
 * with no prototype; folders made before the patch get one too.
 */
function nullPrototypeFolders(fs: InternalFileSystem): void {
  const memfs = fs.filesystems.MEMFS;
  const createNode = memfs.createNode.bind(memfs);
  memfs.createNode = (parent, name, mode, dev) => {
    const node = createNode(parent, name, mode, dev);
    if (fs.isDir(node.mode)) node.contents = Object.create(null);
    return node;
  };
  const convert = (node: FsNode, seen: Set<FsNode>) => {
    if (seen.has(node) || !fs.isDir(node.mode) || typeof node.contents !== 'object') return;
    seen.add(node);
    const entries = node.contents as Record<string, FsNode>;
    node.contents = Object.assign(Object.create(null), entries);
    for (const child of Object.values(entries)) convert(child, seen);
    if (node.mounted) convert(node.mounted.root, seen);
  };
  convert(fs.root, new Set());
}

/** Applies both fixes to Pyodide's `FS`. */
export function patchFileSystem(fs: unknown): void {
  const internal = fs as InternalFileSystem;
  internal.lookupPath = linearLookupPath(internal);
  nullPrototypeFolders(internal);
}
