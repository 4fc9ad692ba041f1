// The floor the cell is measured against: bare Pyodide in a module worker, nothing else. It loads
// the same files as the cell, from the bundle's folder (dist/ holds Pyodide's core as published),
// so the two pages share the browser's caches of them, V8's compiled wasm included.
try {
  const { loadPyodide } = await import('/dist/pyodide.mjs');
  const py = await loadPyodide();
  py.setStdout({ batched: (s) => postMessage(s) });
  py.runPython('print(1)');
} catch (error) {
  postMessage({ error: String(error?.stack ?? error) });
}
