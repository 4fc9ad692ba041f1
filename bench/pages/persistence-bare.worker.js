// The floor of a warm run: bare Pyodide in a module worker, answering each message with what
// the code printed.
const { loadPyodide } = await import('/node_modules/pyodide/pyodide.mjs');
const py = await loadPyodide();
let printed = '';
py.setStdout({ batched: (text) => (printed += `${text}\n`) });
self.onmessage = (event) => {
  printed = '';
  py.runPython(event.data);
  postMessage(printed);
};
