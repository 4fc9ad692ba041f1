// The built dist/ exactly as a user serves it: a plain static server (no isolation headers)
// over dist/ and a page beside it with one script tag and one cell, no configure().

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, suite, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/serve.mjs';
import { foreignRequests, runFirstCell } from './browser.mjs';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));

const page = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><link rel="icon" href="data:,"><title>dist check</title></head>
  <body>
    <script type="module" src="./dist/py-state-runner.js"></script>
    <py-state-runner name="dist-check"><script type="text/python">print("hello from dist")</script></py-state-runner>
  </body>
</html>
`;

suite('the built dist/ on a plain static server', () => {
  let site;
  let server;

  before(async () => {
    assert.ok(
      existsSync(join(dist, 'py-state-runner.js')),
      'dist/ is not built: run `npm run build`',
    );
    site = await mkdtemp(join(tmpdir(), 'psr-dist-'));
    await symlink(dist, join(site, 'dist'), 'dir');
    await writeFile(join(site, 'index.html'), page);
    server = await startServer({ root: site, port: 0, isolation: false });
  });

  after(async () => {
    await server?.close();
    if (site) await rm(site, { recursive: true, force: true });
  });

  test('a cell runs print() with the default index URL, and nothing is asked of another host', async () => {
    const { result, requests, problems } = await runFirstCell(server.url);
    assert.deepEqual(problems, []);
    assert.equal(result.stdout, 'hello from dist\n');
    const origin = new URL(server.url).origin;
    assert.deepEqual(foreignRequests(requests, origin), []);
    const paths = requests
      .filter((url) => url.startsWith(origin))
      .map((url) => new URL(url).pathname);
    for (const file of [
      'py-state-runner.worker.js',
      'py-state-runner-bytecode.json',
      'pyodide.mjs',
      'pyodide.asm.mjs',
      'pyodide.asm.wasm',
      'python_stdlib.zip',
    ]) {
      assert.ok(
        paths.includes(`/dist/${file}`),
        `/dist/${file} was not requested: ${paths.join(', ')}`,
      );
    }
  });
});
