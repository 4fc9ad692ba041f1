import type { PyodideAPI } from 'pyodide';
import {
  type LoadingStage,
  PRELOADED_LOADER,
  type PreloadedLoader,
  type SnapshotOptions,
  type SnapshotUse,
} from '../protocol.js';
import type { FileSystem } from './env-files.js';
import { HOME } from './env-folder.js';
import { patchFileSystem } from './fs-patches.js';
import { PackageLoader } from './packages.js';
import { type PythonHost, preparePythonSnapshot, startPythonHost } from './python-api.js';
import type { PythonBytecode } from './python-package.js';
import {
  snapshotLoadingOptions,
  snapshotMakingOptions,
  takeMemorySnapshot,
} from './snapshot/pyodide-snapshot.js';
import { snapshotKey } from './snapshot/snapshot-key.js';
import {
  deleteSnapshot,
  findSnapshot,
  SnapshotUnusableError,
  writeSnapshot,
} from './snapshot/snapshot-store.js';
import type { StdinHooks } from './stdin.js';
import type { PyodidePlatform } from './wheel-tags.js';

export interface BootedPyodide {
  pyodide: PyodideAPI;
  /** Where Stop writes SIGINT; absent where the page is not cross-origin isolated. */
  interrupt?: Int32Array;
  fs: FileSystem;
  host: PythonHost;
  /** Whether the boot used the stored snapshot, or why not. */
  snapshot: SnapshotUse;
  packages: PackageLoader;
}

export interface BootOptions {
  indexURL: string;
  interruptBuffer?: SharedArrayBuffer;
  report: (stage: LoadingStage, detail: string) => void;
  /** Boot from the stored snapshot when it is usable; absent: never read one. */
  snapshot?: SnapshotOptions;
  /** Where packages named in the lock file come from; absent: the Pyodide CDN folder of the version that loads. */
  packageBaseURL?: string;
  lockFileURL?: string;
  /** How input() asks the page. */
  stdin?: StdinHooks;
  /** The build's bytecode of the host's package if it has arrived by the time the host starts. */
  bytecode?: () => PythonBytecode | undefined;
}

interface PackageSources {
  packageBaseURL: string;
  lockFileURL: string;
}

type PyodideModule = typeof import('pyodide');

/**
 * Absolute before Pyodide sees it: in a worker started from a blob: URL,
 * Pyodide resolves a relative URL against `location` (blob:…), which fails.
 */
function absolute(url: string): string {
  return new URL(url, import.meta.url).href;
}

function folderOf(indexURL: string): string {
  return absolute(indexURL.endsWith('/') ? indexURL : `${indexURL}/`);
}

/** Pyodide's loader, from the import the worker shim started if it is of this URL. */
async function importPyodide(base: string): Promise<PyodideModule> {
  const url = `${base}pyodide.mjs`;
  const preloaded = (self as unknown as Record<symbol, PreloadedLoader | undefined>)[
    Symbol.for(PRELOADED_LOADER)
  ];
  if (preloaded?.url === url) return preloaded.loader as Promise<PyodideModule>;
  return import(/* @vite-ignore */ url);
}

function loadOptions(base: string, sources?: PackageSources) {
  return {
    indexURL: base,
    ...(sources
      ? { packageBaseUrl: sources.packageBaseURL, lockFileURL: sources.lockFileURL }
      : {}),
    env: { HOME },
    // Startup chatter would otherwise reach the console of the page.
    stdout: () => {},
    stderr: () => {},
  };
}

/**
 * Boots from the stored snapshot, or says why it could not. Any failure,
 * Pyodide's own included, ends in a normal boot by the caller: a reader never
 * sees a snapshot go wrong, only a slower start.
 */
async function bootFromSnapshot(
  module: PyodideModule,
  base: string,
  { database }: SnapshotOptions,
  lookup: ReturnType<typeof findSnapshot>,
  sources: PackageSources,
): Promise<{ pyodide?: PyodideAPI; use: SnapshotUse }> {
  try {
    // Only a snapshot that is there is handed to Pyodide: a rejected boot has
    // already started fetching the wasm and the standard library, which a
    // first visit must not pay twice.
    const stored = await lookup;
    const pyodide = await module.loadPyodide({
      ...loadOptions(base, sources),
      ...snapshotLoadingOptions(stored.checkedBytes()),
    });
    return { pyodide, use: 'used' };
  } catch (error) {
    const use = error instanceof SnapshotUnusableError ? error.reason : 'failed';
    // A bad snapshot is not read again; the client makes a new one later.
    if (use !== 'missing') await deleteSnapshot(database).catch(() => {});
    return { use };
  }
}

/**
 * Boots Pyodide: the one place that does. With `snapshot`, from the stored
 * memory snapshot when there is a usable one, else normally.
 */
export async function bootPyodide({
  indexURL,
  interruptBuffer,
  report,
  snapshot,
  ...extras
}: BootOptions): Promise<BootedPyodide> {
  report('fetching', 'Downloading Python');
  const base = folderOf(indexURL);
  const importing = importPyodide(base);
  // Looked up while the loader loads: IndexedDB takes a few milliseconds to answer.
  const lookup = snapshot
    ? findSnapshot(
        snapshot.database,
        importing.then((module) => snapshotKey(module.version, snapshot.packages)),
      )
    : undefined;
  // Seen by bootFromSnapshot; a failed import is reported below, not as this.
  lookup?.catch(() => {});
  const module = await importing;
  report('starting', 'Starting Python');
  // In a browser Pyodide looks for packages next to its lock file, and the
  // bundle's copy of the core has none: by default they come from the CDN.
  const sources: PackageSources = {
    packageBaseURL: absolute(
      extras.packageBaseURL ?? `https://cdn.jsdelivr.net/pyodide/v${module.version}/full/`,
    ),
    lockFileURL: absolute(extras.lockFileURL ?? `${base}pyodide-lock.json`),
  };
  const fromSnapshot =
    snapshot && lookup
      ? await bootFromSnapshot(module, base, snapshot, lookup, sources)
      : { use: 'off' as const };
  const pyodide = fromSnapshot.pyodide ?? (await module.loadPyodide(loadOptions(base, sources)));
  const interrupt = interruptBuffer ? new Int32Array(interruptBuffer) : undefined;
  if (interrupt) pyodide.setInterruptBuffer(interrupt);
  patchFileSystem(pyodide.FS);
  const fs = pyodide.FS as unknown as FileSystem;
  fs.mkdirTree(HOME);
  // After a snapshot boot too: JS functions cannot be in a snapshot, so the
  // host's callbacks (interrupt hooks, output posting) are handed over here,
  // and the package, still imported in the snapshot, is taken out of reach.
  const host = startPythonHost(pyodide, {
    // Sleeps wait on the interrupt buffer, so Stop (which notifies it) wakes them.
    interrupt: interrupt && {
      wait: (milliseconds) => {
        Atomics.wait(interrupt, 0, 0, milliseconds);
      },
      clear: () => {
        Atomics.store(interrupt, 0, 0);
      },
    },
    // A traceback through Pyodide's JavaScript (checkInterrupt in a stopped
    // sleep) names the script's URL, resolved as import() resolved it above.
    hiddenFiles: ['pyodide.mjs', 'pyodide.asm.mjs'].map(
      (file) => new URL(`${base}${file}`, import.meta.url).href,
    ),
    ...(extras.stdin ? { stdin: extras.stdin } : {}),
    // A snapshot holds the package imported already: nothing to compile.
    ...(fromSnapshot.pyodide ? {} : { bytecode: extras.bytecode?.() }),
  });
  // What the lock file says the runtime is; private, but the version is pinned.
  const platform = (pyodide as unknown as { _api: { lockfile_info: PyodidePlatform } })._api
    .lockfile_info;
  const packages = new PackageLoader(pyodide, platform, {
    baseURL: sources.packageBaseURL,
    lockFileURL: sources.lockFileURL,
  });
  report('ready', 'Python is ready');
  return {
    pyodide,
    ...(interrupt ? { interrupt } : {}),
    fs,
    host,
    snapshot: fromSnapshot.use,
    packages,
  };
}

/**
 * Makes a snapshot of a clean interpreter and stores it: started up, the
 * host's modules imported, no env, no user code, no JS callback. Runs in a
 * worker of its own, so no reader waits for it.
 */
export async function makeSnapshot(
  indexURL: string,
  { database, packages }: SnapshotOptions,
): Promise<{ size: number }> {
  const base = folderOf(indexURL);
  const module = await importPyodide(base);
  const pyodide = await module.loadPyodide({ ...loadOptions(base), ...snapshotMakingOptions() });
  preparePythonSnapshot(pyodide);
  const bytes = takeMemorySnapshot(pyodide);
  await writeSnapshot(database, await snapshotKey(module.version, packages), bytes);
  return { size: bytes.byteLength };
}
