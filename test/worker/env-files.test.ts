import { assert } from 'chai';
import { loadPyodide, type PyodideAPI } from 'pyodide';
import {
  asError,
  type FileSystem,
  listFiles,
  readFiles,
  replaceFolder,
  restoreFolder,
  SnapshotTracker,
  setFolderAside,
} from '../../src/worker/env-files.js';
import { HOME } from '../../src/worker/env-folder.js';
import { patchFileSystem } from '../../src/worker/fs-patches.js';
import { PYODIDE_URL, uniqueName } from '../helpers.js';

let pyodide: PyodideAPI;
let fs: FileSystem;

const text = (data: Uint8Array) => new TextDecoder().decode(data);
const bytes = (value: string) => new TextEncoder().encode(value);

/** The files of a folder as path → text. */
function contents(folder: string): Record<string, string> {
  const found: Record<string, string> = Object.create(null);
  for (const file of readFiles(fs, folder)) found[file.path] = text(file.data);
  return found;
}

/** Dot-folders a swap or a clear may leave in HOME. */
function strandedFolders(): string[] {
  return fs.readdir(HOME).filter((name) => /^\.(staging|retired|cleared)-/.test(name));
}

/** The same file system, failing the `nth` call of `method` (1-based) with an Emscripten ErrnoError. */
function failing(method: 'rename' | 'writeFile' | 'mkdirTree', nth: number): FileSystem {
  let calls = 0;
  const ErrnoError = (pyodide.FS as unknown as { ErrnoError: new (errno: number) => unknown })
    .ErrnoError;
  return new Proxy(fs, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (key !== method) return typeof value === 'function' ? value.bind(target) : value;
      return (...args: unknown[]) => {
        calls += 1;
        if (calls === nth) throw new ErrnoError(48);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

suite('env folders in the real Pyodide file system', () => {
  suiteSetup(async () => {
    pyodide = await loadPyodide({ indexURL: PYODIDE_URL, stdout: () => {}, stderr: () => {} });
    patchFileSystem(pyodide.FS);
    fs = pyodide.FS as unknown as FileSystem;
    fs.mkdirTree(HOME);
  });

  test('a file named __proto__ is an ordinary file: Python lists it, the walk finds it', () => {
    const folder = `${HOME}/${uniqueName('proto')}`;
    pyodide.runPython(`
import os
os.makedirs(${JSON.stringify(folder)})
for name in ("__proto__", "constructor", "toString", "hasOwnProperty"):
    with open(os.path.join(${JSON.stringify(folder)}, name), "w") as handle:
        handle.write(name)
os.makedirs(os.path.join(${JSON.stringify(folder)}, "__proto__dir", "__proto__"))
with open(os.path.join(${JSON.stringify(folder)}, "__proto__dir", "__proto__", "x"), "w") as handle:
    handle.write("deep")
`);
    const listed = pyodide.runPython(`sorted(os.listdir(${JSON.stringify(folder)}))`).toJs();
    assert.deepEqual(listed, [
      '__proto__',
      '__proto__dir',
      'constructor',
      'hasOwnProperty',
      'toString',
    ]);
    // Entries, not an object literal: `{ __proto__: … }` would set a prototype.
    assert.deepEqual(Object.entries(contents(folder)), [
      ['__proto__', '__proto__'],
      ['__proto__dir/__proto__/x', 'deep'],
      ['constructor', 'constructor'],
      ['hasOwnProperty', 'hasOwnProperty'],
      ['toString', 'toString'],
    ]);
  });

  test('replaceFolder writes __proto__ and backslash names that Python then reads', () => {
    const folder = `${HOME}/${uniqueName('names')}`;
    const now = Date.now();
    replaceFolder(fs, folder, [
      { path: '__proto__', data: bytes('p'), modified: now },
      { path: 'C:\\Users\\me\\out.csv', data: bytes('a,b'), modified: now },
    ]);
    const read = pyodide.runPython(
      `[open(${JSON.stringify(folder)} + "/" + name).read() for name in sorted(os.listdir(${JSON.stringify(folder)}))]`,
    );
    assert.deepEqual(read.toJs(), ['a,b', 'p']);
  });

  test('a folder 2,000 deep is written, walked and diffed in linear time', () => {
    const folder = `${HOME}/${uniqueName('deep')}`;
    const path = `${'d/'.repeat(2000)}leaf.txt`;
    // Before the fix each of these was cubic in the depth: minutes, not milliseconds.
    replaceFolder(fs, folder, [{ path, data: bytes('leaf'), modified: Date.now() }]);
    assert.deepEqual(
      listFiles(fs, folder).map((file) => file.path),
      [path],
    );
    const tracker = new SnapshotTracker();
    assert.equal(tracker.delta(fs, 'deep', folder).changed.length, 1);
    const found = pyodide.runPython(`
n = 0
for _root, _dirs, files in os.walk(${JSON.stringify(folder)}):
    n += len(files)
n`);
    assert.equal(found, 1);
  });

  for (const [method, nth, step] of [
    ['writeFile', 2, 'while writing the new files'],
    ['rename', 1, 'while setting the old folder aside'],
    ['rename', 2, 'while putting the new folder in place'],
  ] as const) {
    test(`a Load that fails ${step} leaves the folder exactly as it was`, () => {
      const folder = `${HOME}/${uniqueName('atomic')}`;
      replaceFolder(fs, folder, [{ path: 'old.txt', data: bytes('old'), modified: 1000 }]);
      const files = ['a', 'b', 'c'].map((name) => ({
        path: `new/${name}`,
        data: bytes(name),
        modified: 2000,
      }));
      let failure: unknown;
      try {
        replaceFolder(failing(method, nth), folder, files);
      } catch (error) {
        failure = error;
      }
      assert.instanceOf(failure, Error);
      assert.match((failure as Error).message, /^Could not .*: out of memory\.$/);
      assert.deepEqual(contents(folder), { 'old.txt': 'old' });
      assert.deepEqual(strandedFolders(), []);
    });
  }

  for (const [method, nth, step] of [
    ['rename', 1, 'while moving the folder aside'],
    ['mkdirTree', 1, 'while making the empty folder'],
  ] as const) {
    test(`a Clear that fails ${step} leaves the folder as it was, with no .cleared folder`, () => {
      const folder = `${HOME}/${uniqueName('clear')}`;
      const aside = `${HOME}/.cleared-${folder.slice(HOME.length + 1)}`;
      replaceFolder(fs, folder, [{ path: 'kept.txt', data: bytes('kept'), modified: 1000 }]);
      assert.throws(
        () => setFolderAside(failing(method, nth), folder, aside),
        /^Could not clear the folder: out of memory\.$/,
      );
      assert.deepEqual(contents(folder), { 'kept.txt': 'kept' });
      assert.deepEqual(strandedFolders(), []);
    });
  }

  test('Clear then Undo puts the files back; an Undo that fails keeps both folders for a retry', () => {
    const folder = `${HOME}/${uniqueName('undo')}`;
    const aside = `${HOME}/.cleared-${folder.slice(HOME.length + 1)}`;
    replaceFolder(fs, folder, [{ path: 'old.txt', data: bytes('old'), modified: 1000 }]);
    setFolderAside(fs, folder, aside);
    assert.deepEqual(contents(folder), {});
    fs.writeFile(`${folder}/since.txt`, bytes('since'));
    assert.throws(
      () => restoreFolder(failing('rename', 2), folder, aside),
      /^Could not undo the Clear: out of memory\.$/,
    );
    assert.deepEqual(contents(folder), { 'since.txt': 'since' }, 'the folder made since the Clear');
    assert.deepEqual(contents(aside), { 'old.txt': 'old' }, 'still set aside for Undo');
    restoreFolder(fs, folder, aside);
    assert.deepEqual(contents(folder), { 'old.txt': 'old' });
    assert.deepEqual(strandedFolders(), []);
    assert.isFalse(fs.analyzePath(`${aside}-undo`).exists);
  });

  test('asError gives every thrown thing a message a person can read', () => {
    const ErrnoError = (pyodide.FS as unknown as { ErrnoError: new (errno: number) => unknown })
      .ErrnoError;
    assert.equal(
      asError(new ErrnoError(44), 'Could not read').message,
      'Could not read: no such file or folder.',
    );
    assert.equal(asError(new ErrnoError(999), 'X').message, 'X: file system error 999.');
    assert.equal(asError({ message: 'odd' }, 'X').message, 'X: odd.');
    const original = new TypeError('kept');
    assert.strictEqual(asError(original, 'X'), original);
    for (const thrown of [new ErrnoError(44), {}, null, 42]) {
      assert.notInclude(asError(thrown, 'X').message, '[object Object]');
    }
  });
});
