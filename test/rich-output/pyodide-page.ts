import type { PyodideAPI } from 'pyodide';
import { PYODIDE_URL } from '../helpers.js';

let booted: Promise<PyodideAPI> | undefined;

/**
 * Pyodide straight in the test page, once per test file: these tests check
 * Python modules and wheels on their own, before the worker wires them in.
 */
export function pagePyodide(): Promise<PyodideAPI> {
  booted ??= (async () => {
    const module: { loadPyodide: typeof import('pyodide').loadPyodide } = await import(
      /* @vite-ignore */ `${PYODIDE_URL}pyodide.mjs`
    );
    return module.loadPyodide({ indexURL: PYODIDE_URL });
  })();
  return booted;
}

/** Runs Python whose last expression is a JSON text, and parses it. */
export function runJson<T>(pyodide: PyodideAPI, code: string): T {
  return JSON.parse(pyodide.runPython(code) as string) as T;
}
