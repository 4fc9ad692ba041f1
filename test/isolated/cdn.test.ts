import { assert } from 'chai';
import { addBundleCell, cdnServer, importBundleFrom } from '../loading/cdn-page.js';

suite('loading from a CDN (cross-origin isolated page)', () => {
  test('a cell from a bundle on another origin runs print() and shows its output', async () => {
    const server = await cdnServer(true);
    assert.notEqual(new URL(server.url).origin, location.origin);
    assert.isTrue(crossOriginIsolated);
    await importBundleFrom(server);
    const cell = await addBundleCell('print("hello from the CDN, isolated")');
    const result = await cell.run();
    assert.isTrue(result.ok);
    assert.equal(result.stdout, 'hello from the CDN, isolated\n');
    const { requests } = await cdnServer();
    assert.includeMembers(requests, [
      '/py-state-runner.worker.js',
      '/py-state-runner-bytecode.json',
      '/pyodide.asm.wasm',
    ]);
    cell.remove();
  });
});
