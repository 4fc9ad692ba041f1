import type { PyodideAPI } from 'pyodide';
import type { LoadingStage } from '../protocol.js';
import type { FileSystem } from './env-files.js';
import { HOME } from './env-folder.js';
import { patchFileSystem } from './fs-patches.js';
import { type PythonHost, startPythonHost } from './python-api.js';

export interface BootedPyodide {
  pyodide: PyodideAPI;
  fs: FileSystem;
  host: PythonHost;
}

/**
 * Boots Pyodide: the one place that does, so that booting from a memory
 * snapshot can later replace it without touching the rest of the worker.
 */
export async function bootPyodide(
  indexURL: string,
  interruptBuffer: SharedArrayBuffer | undefined,
  report: (stage: LoadingStage, detail: string) => void,
): Promise<BootedPyodide> {
  report('fetching', 'Downloading Python');
  const base = indexURL.endsWith('/') ? indexURL : `${indexURL}/`;
  const module: { loadPyodide: typeof import('pyodide').loadPyodide } = await import(
    /* @vite-ignore */ `${base}pyodide.mjs`
  );
  report('starting', 'Starting Python');
  const pyodide = await module.loadPyodide({
    indexURL: base,
    env: { HOME },
    // Startup chatter would otherwise reach the console of the page.
    stdout: () => {},
    stderr: () => {},
  });
  const interrupt = interruptBuffer ? new Int32Array(interruptBuffer) : undefined;
  if (interrupt) pyodide.setInterruptBuffer(interrupt);
  patchFileSystem(pyodide.FS);
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
  });
  report('ready', 'Python is ready');
  return { pyodide, fs, host };
}
