// examples/vite as a user builds it: the packed tarball installed into its node_modules (no
// network), then `vite` (dev server) and `vite build` served by a plain static server.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, suite, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build, createServer } from 'vite';
import { startServer } from '../../scripts/serve.mjs';
import { foreignRequests, runFirstCell } from './browser.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const example = join(root, 'examples', 'vite');
const installed = join(example, 'node_modules', 'py-state-runner');

/** `npm pack` of the repository, extracted where `npm install <tarball>` would put it. */
async function installPackedTarball() {
  assert.ok(
    existsSync(join(root, 'dist', 'py-state-runner.js')),
    'dist/ is not built: run `npm run build`',
  );
  const packs = await mkdtemp(join(tmpdir(), 'psr-pack-'));
  try {
    // prepack would build again; `npm test` has just built dist/, so the tarball is the same.
    execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', packs], {
      cwd: root,
      stdio: 'ignore',
    });
    const [tarball] = await readdir(packs);
    await rm(installed, { recursive: true, force: true });
    await mkdir(installed, { recursive: true });
    execFileSync('tar', ['-xzf', join(packs, tarball), '-C', installed, '--strip-components=1']);
  } finally {
    await rm(packs, { recursive: true, force: true });
  }
}

function assertRanLocally({ result, requests, problems }, origin) {
  assert.deepEqual(problems, []);
  assert.equal(result.stdout, 'hello from Vite\n');
  assert.deepEqual(foreignRequests(requests, origin), []);
  assert.ok(
    requests.some((url) => url.endsWith('/pyodide.asm.wasm')),
    `pyodide.asm.wasm was not requested: ${requests.join(', ')}`,
  );
  // Vite emits it as it emits the worker (a hashed name in a build); `problems` has no 404 for it.
  assert.ok(
    requests.some((url) => /\/py-state-runner-bytecode[^/]*\.json$/.test(url)),
    `the bytecode file was not requested: ${requests.join(', ')}`,
  );
}

suite('examples/vite with the packed package', () => {
  before(installPackedTarball);

  after(async () => {
    await rm(join(example, 'dist'), { recursive: true, force: true });
  });

  test('the vite dev server serves a cell that runs print()', async () => {
    const server = await createServer({
      root: example,
      logLevel: 'silent',
      // A cache of its own, so an earlier run's pre-bundled copy is never reused.
      cacheDir: join(example, 'node_modules', '.vite-test'),
      server: { port: 0, host: 'localhost' },
    });
    try {
      await server.listen();
      const url = server.resolvedUrls.local[0];
      assertRanLocally(await runFirstCell(url), new URL(url).origin);
    } finally {
      await server.close();
    }
  });

  test('vite build, served by a plain static server, runs print()', async () => {
    await build({ root: example, logLevel: 'silent' });
    const server = await startServer({ root: join(example, 'dist'), port: 0, isolation: false });
    try {
      assertRanLocally(await runFirstCell(server.url), new URL(server.url).origin);
    } finally {
      await server.close();
    }
  });
});
