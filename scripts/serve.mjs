#!/usr/bin/env node
// A dependency-free static file server for the demo, the tests' pages and the benchmark.
//
//   node scripts/serve.mjs [--port N] [--root DIR] [--no-isolation] [--open]
//
// Also importable: `const { url, close } = await startServer({ port: 0 })`.

import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const defaultRoot = fileURLToPath(new URL('..', import.meta.url));

// Pyodide compiles its wasm with `WebAssembly.instantiateStreaming`, which rejects any other
// type than application/wasm; its fallback path then never settles, so `loadPyodide` hangs.
const mimeTypes = {
  '.css': 'text/css; charset=utf-8',
  '.gif': 'image/gif',
  '.gz': 'application/gzip',
  '.htm': 'text/html; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.ico': 'image/x-icon',
  '.jpeg': 'image/jpeg',
  '.jpg': 'image/jpeg',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
  '.py': 'text/x-python; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.tar': 'application/x-tar',
  '.ts': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.webp': 'image/webp',
  '.whl': 'application/zip',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.xml': 'application/xml; charset=utf-8',
  '.zip': 'application/zip',
};

// What a page needs to be cross-origin isolated (SharedArrayBuffer for interrupt and blocking
// stdin). CORP on every response lets our own files load under `require-corp`, including the
// worker script, whose own COEP header Chromium checks too.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

// What jsDelivr and unpkg send: any page may fetch and import these files, isolated or not.
const cdnHeaders = {
  'Access-Control-Allow-Origin': '*',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

/** @param {'isolated' | 'plain' | 'cdn'} mode */
function headersFor(mode) {
  if (mode === 'isolated') return isolationHeaders;
  if (mode === 'cdn') return cdnHeaders;
  return {};
}

/**
 * Returns the MIME type the server sends for a file name.
 * @param {string} fileName
 */
export function contentTypeFor(fileName) {
  return mimeTypes[extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Starts the static server.
 * @param {{ root?: string, port?: number, isolation?: boolean, cdn?: boolean, host?: string,
 *   onRequest?: (path: string) => void }} [options]
 *   `port: 0` picks a free port; `isolation` (default true) sends COOP/COEP/CORP; `cdn` sends
 *   CORS and `Cross-Origin-Resource-Policy: cross-origin` instead, as a CDN does; `onRequest`
 *   hears every request's path.
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
 *   `url` is the server's root, with a trailing slash.
 */
export async function startServer({
  root = defaultRoot,
  port = 8000,
  isolation = true,
  cdn = false,
  host = 'localhost',
  onRequest = () => {},
} = {}) {
  // Resolving symlinks once makes the containment check below compare like with like.
  const rootDir = await realpath(resolve(root));
  /** @type {'isolated' | 'plain' | 'cdn'} */
  const mode = cdn ? 'cdn' : isolation ? 'isolated' : 'plain';
  const server = createServer((request, response) => {
    onRequest(request.url ?? '/');
    handleRequest(request, response, rootDir, mode).catch((error) => {
      console.error(`serve: ${request.method} ${request.url}: ${error.stack ?? error}`);
      if (!response.headersSent) {
        send(response, 500, 'Internal server error', mode);
      } else {
        response.destroy(error);
      }
    });
  });
  // Keep-alive sockets would make close() wait for the browser to let go of them.
  const sockets = new Set();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(port, host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  const actualPort = server.address().port;
  return {
    url: `http://localhost:${actualPort}/`,
    port: actualPort,
    close: () =>
      new Promise((resolveClose, rejectClose) => {
        server.close((error) => (error ? rejectClose(error) : resolveClose()));
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/**
 * @param {import('node:http').IncomingMessage} request
 * @param {import('node:http').ServerResponse} response
 * @param {string} rootDir
 * @param {'isolated' | 'plain' | 'cdn'} mode
 */
async function handleRequest(request, response, rootDir, mode) {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    send(response, 405, 'Method not allowed', mode);
    return;
  }
  const requestURL = new URL(request.url ?? '/', 'http://localhost');
  let pathname;
  try {
    pathname = decodeURIComponent(requestURL.pathname);
  } catch {
    send(response, 400, 'Bad request: malformed URL', mode);
    return;
  }
  // `new URL` already folds `..` segments of the raw path, but `%2e%2e%2f` decodes to `../`
  // afterwards: resolve again and refuse anything that lands outside the root.
  const filePath = resolve(rootDir, `.${pathname}`);
  if (pathname.includes('\0') || (filePath !== rootDir && !filePath.startsWith(rootDir + sep))) {
    send(response, 403, 'Forbidden', mode);
    return;
  }

  let fileStat = await statOrNull(filePath);
  let servedPath = filePath;
  if (fileStat?.isDirectory()) {
    if (!requestURL.pathname.endsWith('/')) {
      // Relative URLs in /demo/index.html must resolve against /demo/, not /.
      response.setHeader('Location', `${requestURL.pathname}/${requestURL.search}`);
      send(response, 301, 'Moved permanently', mode);
      return;
    }
    servedPath = join(filePath, 'index.html');
    fileStat = await statOrNull(servedPath);
  }
  if (!fileStat?.isFile()) {
    send(response, 404, `Not found: ${pathname}`, mode);
    return;
  }

  // Caching policy: `no-cache` plus validators. The browser keeps every file but asks before
  // reusing it; an unchanged file costs a bodiless 304 (about a millisecond on localhost), and a
  // file that was just rebuilt is never served stale, which matters while dist/ is rebuilt under
  // an open demo. A 304 keeps the cached entry and the compiled-wasm code cache Chromium attaches
  // to it, so a warm visit skips downloading and most of compiling pyodide.asm.wasm. Measured
  // here against `max-age=3600` (no requests at all): the same warm first output within noise,
  // about 1.5 s either way, because CPython's start, not the round trips, is what remains.
  const etag = `W/"${fileStat.size.toString(16)}-${Math.floor(fileStat.mtimeMs).toString(16)}"`;
  const lastModified = fileStat.mtime.toUTCString();
  const headers = {
    'Content-Type': contentTypeFor(servedPath),
    'Cache-Control': 'no-cache',
    ETag: etag,
    'Last-Modified': lastModified,
    ...headersFor(mode),
  };
  if (isNotModified(request, etag, fileStat.mtime)) {
    response.writeHead(304, headers);
    response.end();
    return;
  }
  response.writeHead(200, { ...headers, 'Content-Length': fileStat.size });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  const stream = createReadStream(servedPath);
  stream.on('error', (error) => {
    console.error(`serve: reading ${servedPath}: ${error.message}`);
    response.destroy(error);
  });
  stream.pipe(response);
}

/**
 * RFC 9110 §13.1.3: If-None-Match wins over If-Modified-Since when both are present.
 * @param {import('node:http').IncomingMessage} request
 * @param {string} etag
 * @param {Date} mtime
 */
function isNotModified(request, etag, mtime) {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    const weakTag = etag.replace(/^W\//, '');
    return ifNoneMatch
      .split(',')
      .map((tag) => tag.trim())
      .some((tag) => tag === '*' || tag.replace(/^W\//, '') === weakTag);
  }
  const ifModifiedSince = request.headers['if-modified-since'];
  if (ifModifiedSince !== undefined) {
    const since = Date.parse(ifModifiedSince);
    // HTTP dates have whole seconds; mtime has milliseconds.
    return !Number.isNaN(since) && Math.floor(mtime.getTime() / 1000) * 1000 <= since;
  }
  return false;
}

/** @param {string} path */
async function statOrNull(path) {
  try {
    return await stat(path);
  } catch (error) {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
    throw error;
  }
}

/**
 * @param {import('node:http').ServerResponse} response
 * @param {number} status
 * @param {string} message
 * @param {'isolated' | 'plain' | 'cdn'} mode
 */
function send(response, status, message, mode) {
  const body = `${message}\n`;
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    ...headersFor(mode),
  });
  response.end(body);
}

/** @param {string[]} argv */
function parseArguments(argv) {
  const options = { port: 8000, isolation: true, open: false, root: defaultRoot };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    const [flag, inlineValue] = argument.split(/=(.*)/s, 2);
    const takeValue = () => {
      const value = inlineValue ?? argv[++index];
      if (value === undefined) throw new Error(`${flag} needs a value`);
      return value;
    };
    if (flag === '--port') {
      const value = takeValue();
      options.port = Number(value);
      if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
        throw new Error(`--port wants an integer from 0 to 65535, got ${value}`);
      }
    } else if (flag === '--root') {
      options.root = resolve(takeValue());
    } else if (flag === '--no-isolation') {
      options.isolation = false;
    } else if (flag === '--open') {
      options.open = true;
    } else if (flag === '--help' || flag === '-h') {
      options.help = true;
    } else {
      throw new Error(`unknown option ${argument}`);
    }
  }
  return options;
}

/** Tries the desktop's opener; a headless machine without one is fine, the URL is printed. */
function openInBrowser(url) {
  const child = spawn('xdg-open', [url], { stdio: 'ignore', detached: true });
  child.on('error', () => {});
  child.unref();
}

async function main() {
  let options;
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    console.error(`serve: ${error.message} (try --help)`);
    process.exit(2);
  }
  if (options.help) {
    console.log(
      'usage: node scripts/serve.mjs [--port N] [--root DIR] [--no-isolation] [--open]\n' +
        '  --port N        port to listen on (default 8000; 0 picks a free one)\n' +
        '  --root DIR      folder to serve (default: the repository root)\n' +
        '  --no-isolation  omit the COOP/COEP/CORP headers (no SharedArrayBuffer)\n' +
        '  --open          open the demo with xdg-open once listening',
    );
    return;
  }
  const server = await startServer(options);
  const demoURL = `${server.url}demo/`;
  console.log(
    `py-state-runner demo: ${demoURL} (cross-origin isolated: ${options.isolation ? 'yes' : 'no'})`,
  );
  if (options.open) openInBrowser(demoURL);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      server.close().then(() => process.exit(0));
    });
  }
}

const isEntryPoint =
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(await realpath(process.argv[1]).catch(() => '')).href;
if (isEntryPoint) {
  main().catch((error) => {
    console.error(`serve: ${error.message}`);
    process.exit(1);
  });
}
