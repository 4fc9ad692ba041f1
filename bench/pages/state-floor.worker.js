// The floor that the cell's saveState and loadState are measured against: the least work any
// state file of these bytes needs, done in a bare Pyodide worker of its own.
//   save: FS.readFile + base64 (toBase64) + sha256 (crypto.subtle)
//   load: base64 decode (fromBase64) + sha256 + FS.writeFile
// Besides, readText times reading a state file Blob as text, which loadState must also do but
// the floor leaves out.
// Requests are { id, op, ... }; each answer is { id, ok, value } or { id, ok: false, error }.

const folder = '/home/pyodide/floor';
const path = `${folder}/big.db`;
// crypto.getRandomValues fills at most this many bytes per call.
const RANDOM_CHUNK_BYTES = 65536;

let pyodide;
let encoded;

const handlers = {
  async boot() {
    const { loadPyodide } = await import('/node_modules/pyodide/pyodide.mjs');
    pyodide = await loadPyodide({ stdout: () => {}, stderr: () => {} });
    pyodide.FS.mkdirTree(folder);
    return { version: pyodide.version };
  },

  /** A file of `size` random bytes, the same size as the cell's database. */
  prepare({ size }) {
    const bytes = new Uint8Array(size);
    for (let start = 0; start < size; start += RANDOM_CHUNK_BYTES) {
      crypto.getRandomValues(bytes.subarray(start, start + RANDOM_CHUNK_BYTES));
    }
    pyodide.FS.writeFile(path, bytes);
    encoded = undefined;
    return { size: pyodide.FS.stat(path).size };
  },

  async save() {
    const started = performance.now();
    const bytes = pyodide.FS.readFile(path);
    const read = performance.now();
    encoded = bytes.toBase64();
    const base64 = performance.now();
    await crypto.subtle.digest('SHA-256', bytes);
    const hashed = performance.now();
    return {
      totalMs: hashed - started,
      readMs: read - started,
      base64Ms: base64 - read,
      sha256Ms: hashed - base64,
      base64Length: encoded.length,
    };
  },

  async load() {
    if (encoded === undefined) throw new Error('load before save: nothing to decode');
    const started = performance.now();
    const bytes = Uint8Array.fromBase64(encoded);
    const decoded = performance.now();
    await crypto.subtle.digest('SHA-256', bytes);
    const hashed = performance.now();
    pyodide.FS.writeFile(`${path}.loaded`, bytes);
    const written = performance.now();
    return {
      totalMs: written - started,
      decodeMs: decoded - started,
      sha256Ms: hashed - decoded,
      writeMs: written - hashed,
    };
  },

  async readText({ blob }) {
    const started = performance.now();
    const text = await blob.text();
    return { totalMs: performance.now() - started, length: text.length };
  },
};

self.addEventListener('message', async ({ data: { id, op, ...params } }) => {
  try {
    if (!(op in handlers)) throw new Error(`unknown op ${op}`);
    if (op !== 'boot' && pyodide === undefined) throw new Error(`${op} before boot`);
    postMessage({ id, ok: true, value: await handlers[op](params) });
  } catch (error) {
    postMessage({ id, ok: false, error: String(error?.stack ?? error) });
  }
});
