import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { chromiumFlags, findChromium } from './scripts/chromium.mjs';
import { pythonBytecodeDevServer } from './scripts/python-bytecode.mjs';
import { pythonTextDevServer } from './scripts/python-text.mjs';
import { startServer } from './scripts/serve.mjs';

const root = dirname(fileURLToPath(import.meta.url));

/** Requests the server saw, so tests can check that nothing of Pyodide loads before a run. */
const requestLog = [];

/**
 * A second server on another port, serving the built dist/ as a CDN does (CORS and
 * `Cross-Origin-Resource-Policy: cross-origin`), so a test can load the bundle cross-origin.
 * `GET /__cdn` tells a test its URL and the paths it was asked for (`?clear` empties them).
 */
function cdnServer() {
  const requests = [];
  let server;
  return {
    name: 'cdn-server',
    async serverStart() {
      // Without a build there is nothing to serve; the tests that need it say so.
      if (!existsSync(join(root, 'dist'))) return;
      server = await startServer({
        root: join(root, 'dist'),
        port: 0,
        cdn: true,
        host: '127.0.0.1',
        onRequest: (path) => requests.push(path),
      });
    },
    async serverStop() {
      await server?.close();
    },
    serve(context) {
      if (context.path !== '/__cdn') return undefined;
      const body = JSON.stringify({
        // 127.0.0.1 against the test page's localhost: another origin, as a CDN is.
        url: server?.url.replace('localhost', '127.0.0.1'),
        built: server !== undefined && existsSync(join(root, 'dist', 'py-state-runner.js')),
        requests: [...requests],
      });
      if (context.query.clear !== undefined) requests.length = 0;
      return { body, type: 'application/json' };
    },
  };
}

/** Gates a test opens: /__gate/<name>/<path> is answered only after /__open/<name>. */
const gates = new Map();

function gate(name) {
  if (!gates.has(name)) {
    let open;
    const opened = new Promise((resolve) => {
      open = resolve;
    });
    gates.set(name, { opened, open });
  }
  return gates.get(name);
}

/** @type {import('@web/dev-server-core').Middleware} */
async function testSupport(context, next) {
  if (context.path === '/__requests') {
    context.body = JSON.stringify(requestLog);
    context.type = 'application/json';
    if (context.query.clear !== undefined) requestLog.length = 0;
    return;
  }
  requestLog.push(context.path);
  const opening = /^\/__open\/([^/]+)$/.exec(context.path);
  if (opening) {
    gate(opening[1]).open();
    context.body = 'open';
    return;
  }
  // Held until the test opens the gate, so it can act while a download waits.
  const gated = /^\/__gate\/([^/]+)\//.exec(context.path);
  if (gated) {
    await gate(gated[1]).opened;
    context.url = context.url.replace(gated[0], '/');
    return next();
  }
  // A fresh alias of the Pyodide folder, so a test can see its requests reach
  // the server instead of the browser's cache: /__fresh/<anything>/pyodide.mjs.
  const fresh = /^\/__fresh\/[^/]+\//.exec(context.path);
  if (fresh) {
    context.url = context.url.replace(fresh[0], '/node_modules/pyodide/');
    return next();
  }
  // `new URL('./x.worker.js', import.meta.url)` names the built file; serve the TS source.
  if (context.path.startsWith('/src/') && context.path.endsWith('.js')) {
    const source = context.path.replace(/\.js$/, '.ts');
    if (!existsSync(join(root, context.path)) && existsSync(join(root, source))) {
      context.url = context.url.replace(context.path, source);
    }
  }
  return next();
}

/** @type {import('@web/dev-server-core').Middleware} */
async function crossOriginIsolation(context, next) {
  await next();
  context.set('Cross-Origin-Opener-Policy', 'same-origin');
  context.set('Cross-Origin-Embedder-Policy', 'require-corp');
  context.set('Cross-Origin-Resource-Policy', 'same-origin');
}

export function config({ isolated }) {
  return {
    rootDir: root,
    nodeResolve: { exportConditions: ['browser', 'production'] },
    files: isolated ? ['test/isolated/**/*.test.ts'] : ['test/**/*.test.ts', '!test/isolated/**'],
    concurrency: 1,
    staticLogging: true,
    testFramework: { config: { ui: 'tdd', timeout: 90000 } },
    testsFinishTimeout: 15 * 60 * 1000,
    browserStartTimeout: 120000,
    middleware: isolated ? [crossOriginIsolation, testSupport] : [testSupport],
    mimeTypes: { '**/*.wasm': 'application/wasm' },
    plugins: [
      cdnServer(),
      pythonTextDevServer(),
      pythonBytecodeDevServer(),
      esbuildPlugin({ ts: true, target: 'es2022', tsconfig: join(root, 'tsconfig.json') }),
    ],
    browsers: [
      chromeLauncher({
        launchOptions: {
          executablePath: findChromium(),
          headless: true,
          args: [
            ...chromiumFlags.filter((flag) => !flag.startsWith('--headless')),
            '--disable-dev-shm-usage',
          ],
        },
      }),
    ],
  };
}

export default config({ isolated: false });
