import { assert } from 'chai';
import { addBundleCell, cdnServer, importBundleFrom } from './cdn-page.js';

suite('loading from a CDN (plain page)', () => {
  test('a cell from a bundle on another origin runs print() and shows its output', async () => {
    const server = await cdnServer(true);
    assert.notEqual(new URL(server.url).origin, location.origin);
    assert.isFalse(crossOriginIsolated);
    await importBundleFrom(server);
    const cell = await addBundleCell('print("hello from the CDN")');
    const result = await cell.run();
    assert.isTrue(result.ok);
    assert.equal(result.stdout, 'hello from the CDN\n');
    // The worker and Pyodide's files came from the bundle's folder on the other origin.
    const { requests } = await cdnServer();
    assert.includeMembers(requests, [
      '/py-state-runner.worker.js',
      '/py-state-runner-bytecode.json',
      '/pyodide.mjs',
      '/pyodide.asm.wasm',
      '/python_stdlib.zip',
    ]);
    cell.remove();
  });
});
