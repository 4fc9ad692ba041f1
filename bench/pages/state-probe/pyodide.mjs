// Stands in for dist/pyodide.mjs in the probe worker: the same Pyodide, with its FS wrapped.
import { loadPyodide as loadRealPyodide } from '/dist/pyodide.mjs';

export async function loadPyodide(options) {
  const pyodide = await loadRealPyodide({ ...options, indexURL: '/dist/' });
  globalThis.__stateProbe.wrapFileSystem(pyodide.FS);
  return pyodide;
}
