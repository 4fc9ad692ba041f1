// The floor of a warm run: bare Pyodide in a module worker, answering each message with what
// the code printed. The handler is set before Pyodide loads, or the first message is lost.
const ready = import('/node_modules/pyodide/pyodide.mjs').then(({ loadPyodide }) => loadPyodide());
let printed = '';
self.onmessage = async (event) => {
  const py = await ready;
  py.setStdout({ batched: (text) => (printed += `${text}\n`) });
  printed = '';
  py.runPython(event.data);
  postMessage(printed);
};
