/**
 * Runs a call into the host's own Python and turns a Python exception into
 * an Error whose message is its last line (`sqlite3.DatabaseError: file is
 * not a database`): Pyodide's PythonError carries the whole traceback, whose
 * frames are ours, not the user's, and mean nothing to a reader.
 */
export function withPythonMessage<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'PythonError') throw error;
    const lines = error.message.trim().split('\n');
    throw new Error(lines[lines.length - 1] ?? error.message, { cause: error });
  }
}
