import type { PyodideAPI } from 'pyodide';
import type { LoadingStage } from '../protocol.js';
import type { FileSystem } from './env-files.js';
import { HOME } from './env-folder.js';
import { PackageLoader } from './packages.js';
import { type PythonHost, startPythonHost } from './python-api.js';
import type { StdinHooks } from './stdin.js';
import type { PyodidePlatform } from './wheel-tags.js';

export interface BootedPyodide {
  pyodide: PyodideAPI;
  fs: FileSystem;
  host: PythonHost;
  packages: PackageLoader;
}

/** Where packages come from and how input() asks the page. */
export interface BootExtras {
  /** Absent: the Pyodide CDN folder of the version that loads. */
  packageBaseURL?: string;
  lockFileURL?: string;
  stdin?: StdinHooks;
}

/**
 * Boots Pyodide: the one place that does, so that booting from a memory
 * snapshot can later replace it without touching the rest of the worker.
 */
export async function bootPyodide(
  indexURL: string,
  interruptBuffer: SharedArrayBuffer | undefined,
  report: (stage: LoadingStage, detail: string) => void,
  extras: BootExtras = {},
): Promise<BootedPyodide> {
  report('fetching', 'Downloading Python');
  // Absolute before Pyodide sees it: in a worker started from a blob: URL,
  // Pyodide resolves a relative indexURL against `location` (blob:…), which fails.
  const absolute = (url: string) => new URL(url, import.meta.url).href;
  const base = absolute(indexURL.endsWith('/') ? indexURL : `${indexURL}/`);
  const module: { loadPyodide: typeof import('pyodide').loadPyodide; version: string } =
    await import(/* @vite-ignore */ `${base}pyodide.mjs`);
  report('starting', 'Starting Python');
  // In a browser Pyodide looks for packages next to its lock file, and the
  // bundle's copy of the core has none: by default they come from the CDN.
  const packageBaseURL = absolute(
    extras.packageBaseURL ?? `https://cdn.jsdelivr.net/pyodide/v${module.version}/full/`,
  );
  const lockFileURL = absolute(extras.lockFileURL ?? `${base}pyodide-lock.json`);
  const pyodide = await module.loadPyodide({
    indexURL: base,
    packageBaseUrl: packageBaseURL,
    lockFileURL,
    env: { HOME },
    // Startup chatter would otherwise reach the console of the page.
    stdout: () => {},
    stderr: () => {},
  });
  const interrupt = interruptBuffer ? new Int32Array(interruptBuffer) : undefined;
  if (interrupt) pyodide.setInterruptBuffer(interrupt);
  const fs = pyodide.FS as unknown as FileSystem;
  fs.mkdirTree(HOME);
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
  });
  // What the lock file says the runtime is; private, but the version is pinned.
  const platform = (pyodide as unknown as { _api: { lockfile_info: PyodidePlatform } })._api
    .lockfile_info;
  const packages = new PackageLoader(pyodide, platform, { baseURL: packageBaseURL, lockFileURL });
  report('ready', 'Python is ready');
  return { pyodide, fs, host, packages };
}
