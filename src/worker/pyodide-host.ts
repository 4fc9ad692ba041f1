import type { PyodideAPI } from 'pyodide';
import type { LoadingStage } from '../protocol.js';
import type { FileSystem } from './env-files.js';
import { HOME } from './env-folder.js';
import { PYTHON_HOST } from './python-host.js';

/** The Python-side functions the worker calls; see python-host.ts. */
export interface PythonHost {
  run(
    env: string,
    folder: string,
    code: string,
    filename: string,
    post: (stream: string, text: string) => void,
    maxLines: number,
    maxBytes: number,
  ): Promise<string>;
  reset_namespace(env: string): void;
  set_aside_namespace(env: string): void;
  restore_namespace(env: string): boolean;
  drop_aside_namespace(env: string): void;
  install_interrupt(wait: (milliseconds: number) => void, clear: () => void): void;
  inspect(folder: string, paths: string[]): string;
  preview(folder: string, path: string, rowLimit: number): string;
  export_table(folder: string, path: string, table: string): string;
}

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
  const fs = pyodide.FS as unknown as FileSystem;
  fs.mkdirTree(HOME);
  const hostModule = pyodide.runPython(
    `import types, sys\n_m = types.ModuleType("_psr_host")\nsys.modules["_psr_host"] = _m\n_m`,
  );
  pyodide.runPython(PYTHON_HOST, { globals: hostModule.__dict__, filename: '<py-state-runner>' });
  const host = hostModule as PythonHost;
  if (interrupt) {
    // Sleeps wait on the interrupt buffer, so Stop (which notifies it) wakes them.
    host.install_interrupt(
      (milliseconds) => {
        Atomics.wait(interrupt, 0, 0, milliseconds);
      },
      () => {
        Atomics.store(interrupt, 0, 0);
      },
    );
  }
  report('ready', 'Python is ready');
  return { pyodide, fs, host };
}
