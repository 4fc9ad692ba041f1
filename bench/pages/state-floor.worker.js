// The floors that the cell's saveState and loadState are measured against, done with the
// browser's built-ins in a bare Pyodide worker of its own.
//
// The format floor (saveDocument, loadDocument) is the work a state file of these bytes needs:
//   save: FS.readFile + base64 (toBase64) + sha256 (crypto.subtle) + the JSON document as a Blob
//   load: read the Blob as text + JSON.parse + base64 decode (fromBase64) + sha256 + FS.writeFile
// The bytes floor (save, load) leaves the document out, the floor of the first benchmark:
//   save: FS.readFile + base64 + sha256
//   load: base64 decode + sha256 + FS.writeFile
// Requests are { id, op, ... }; each answer is { id, ok, value } or { id, ok: false, error }.

const folder = '/home/pyodide/floor';
const path = `${folder}/big.db`;
// crypto.getRandomValues fills at most this many bytes per call.
const RANDOM_CHUNK_BYTES = 65536;

let pyodide;
let encoded;

/**
 * The state file's JSON as a Blob, the cheapest way measured here: the document's frame by
 * JSON.stringify, the base64 text copied into the same bytes with TextEncoder.encodeInto. A Blob
 * of the strings themselves, or JSON.stringify of the whole document, cost more than twice as
 * much at 50 MiB in Chromium 156.
 */
function documentBlob(file) {
  const marker = '\u0000data\u0000';
  const frame = JSON.stringify({
    format: 'py-state-runner',
    version: 1,
    name: 'floor',
    env: 'floor',
    savedAt: new Date().toISOString(),
    code: '',
    files: [{ ...file, data: marker }],
  });
  const [head, tail] = frame.split(JSON.stringify(marker).slice(1, -1));
  const encoder = new TextEncoder();
  const bytes = new Uint8Array(head.length + file.data.length + tail.length);
  let at = encoder.encodeInto(head, bytes).written;
  at += encoder.encodeInto(file.data, bytes.subarray(at)).written;
  encoder.encodeInto(tail, bytes.subarray(at));
  return new Blob([bytes], { type: 'application/json' });
}

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

  async saveDocument() {
    const started = performance.now();
    const bytes = pyodide.FS.readFile(path);
    const read = performance.now();
    const data = bytes.toBase64();
    const base64 = performance.now();
    const digest = await crypto.subtle.digest('SHA-256', bytes);
    const hashed = performance.now();
    const blob = documentBlob({
      path: 'big.db',
      size: bytes.length,
      sha256: new Uint8Array(digest).toHex(),
      data,
    });
    const built = performance.now();
    return {
      totalMs: built - started,
      readMs: read - started,
      base64Ms: base64 - read,
      sha256Ms: hashed - base64,
      documentMs: built - hashed,
      documentBytes: blob.size,
    };
  },

  /** Loads a state file: the cell's own, so the floor reads exactly what loadState reads. */
  async loadDocument({ blob }) {
    const started = performance.now();
    const text = await blob.text();
    const read = performance.now();
    const document = JSON.parse(text);
    const parsed = performance.now();
    const files = document.files.map((file) => ({
      path: `${folder}/loaded-${file.path.replaceAll('/', '_')}`,
      bytes: Uint8Array.fromBase64(file.data),
    }));
    const decoded = performance.now();
    await Promise.all(files.map(({ bytes }) => crypto.subtle.digest('SHA-256', bytes)));
    const hashed = performance.now();
    for (const file of files) pyodide.FS.writeFile(file.path, file.bytes);
    const written = performance.now();
    return {
      totalMs: written - started,
      readMs: read - started,
      parseMs: parsed - read,
      decodeMs: decoded - parsed,
      sha256Ms: hashed - decoded,
      writeMs: written - hashed,
    };
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
