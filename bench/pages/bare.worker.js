// The floor the cell is measured against: bare Pyodide in a module worker, nothing else.
try {
  const { loadPyodide } = await import('/node_modules/pyodide/pyodide.mjs');
  const py = await loadPyodide();
  py.setStdout({ batched: (s) => postMessage(s) });
  py.runPython('print(1)');
} catch (error) {
  postMessage({ error: String(error?.stack ?? error) });
}
