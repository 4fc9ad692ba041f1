// Wraps what a state save or load spends its time in, before the real worker module is evaluated
// (state-probe.worker.js imports this first). Times are wall-clock milliseconds per request,
// summed per step; async steps count from the call until their promise settles.

const channel = new BroadcastChannel('state-probe');
let steps = new Map();

function add(step, ms) {
  const entry = steps.get(step) ?? { ms: 0, calls: 0, longestMs: 0 };
  entry.ms += ms;
  entry.calls += 1;
  entry.longestMs = Math.max(entry.longestMs, ms);
  steps.set(step, entry);
}

function wrapSync(owner, key, step, isCounted = () => true) {
  const original = owner[key];
  owner[key] = function (...args) {
    if (!isCounted(args)) return original.apply(this, args);
    const started = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      add(step, performance.now() - started);
    }
  };
}

function wrapAsync(owner, key, step) {
  const original = owner[key];
  owner[key] = function (...args) {
    const started = performance.now();
    return original.apply(this, args).finally(() => add(step, performance.now() - started));
  };
}

const isLongString = ([text]) => typeof text === 'string' && text.length > 100_000;

wrapSync(Uint8Array.prototype, 'toBase64', 'base64 encode (toBase64)');
wrapSync(Uint8Array, 'fromBase64', 'base64 decode (fromBase64)');
wrapAsync(SubtleCrypto.prototype, 'digest', 'sha256 (crypto.subtle.digest)');
wrapSync(JSON, 'parse', 'JSON.parse');
wrapSync(RegExp.prototype, 'test', 'RegExp test of a long string', isLongString);
wrapAsync(Blob.prototype, 'text', 'Blob.text()');

const NativeBlob = Blob;
self.Blob = class Blob extends NativeBlob {
  constructor(...args) {
    const started = performance.now();
    super(...args);
    add('new Blob', performance.now() - started);
  }
};

/** Called by state-probe/pyodide.mjs once Pyodide is up. */
globalThis.__stateProbe = {
  wrapFileSystem(fs) {
    for (const key of ['readFile', 'writeFile', 'rename', 'utime', 'mkdirTree', 'unlink']) {
      wrapSync(fs, key, `FS.${key}`);
    }
    for (const key of ['readdir', 'stat', 'lstat', 'analyzePath', 'rmdir']) {
      wrapSync(fs, key, 'FS listing (readdir, stat, …)');
    }
  },
};

const received = new Map();

// Each request is timed from its arrival to its response; the worker handles one at a time.
const addListener = self.addEventListener.bind(self);
self.addEventListener = (type, listener, options) => {
  if (type !== 'message') return addListener(type, listener, options);
  return addListener(
    type,
    (event) => {
      const request = event.data;
      if (request?.kind === 'request') {
        received.set(request.id, { method: request.method, at: performance.now() });
        // The page serves the bundle from /dist/; the shim next to this file wraps its FS.
        if (request.method === 'init') {
          request.params.indexURL = new URL('./', import.meta.url).href;
        }
      }
      return listener(event);
    },
    options,
  );
};

const post = self.postMessage.bind(self);
self.postMessage = (message, transfer) => {
  const request = message?.kind === 'response' ? received.get(message.id) : undefined;
  if (!request) return post(message, transfer);
  received.delete(message.id);
  const handledMs = performance.now() - request.at;
  const started = performance.now();
  post(message, transfer);
  const postMs = performance.now() - started;
  channel.postMessage({
    method: request.method,
    handledMs,
    postMs,
    transferredBytes: (transfer ?? []).reduce((sum, buffer) => sum + buffer.byteLength, 0),
    steps: Object.fromEntries(steps),
  });
  steps = new Map();
};
