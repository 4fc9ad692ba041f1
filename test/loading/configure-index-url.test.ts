import { assert } from 'chai';
import { configure } from '../../src/index.js';
import { resetSharedRuntime } from '../../src/runtime/shared-runtime.js';
import { addCell, removeCells, requestedPaths, useLocalPyodide } from '../helpers.js';

/** A path to `/<folder>` written relative to the page, however deep the page is served. */
function pageRelative(folder: string): string {
  const depth = new URL(document.baseURI).pathname.split('/').length - 2;
  return `${'../'.repeat(depth)}${folder}`;
}

suite('configure({ indexURL })', () => {
  teardown(() => {
    removeCells();
    resetSharedRuntime();
    useLocalPyodide();
  });

  test('a relative indexURL resolves against the page, as the index-url attribute does', async () => {
    resetSharedRuntime();
    // A folder name of its own, so the requests reach the server instead of the cache.
    const folder = `__fresh/relative-${Date.now()}/`;
    const relative = pageRelative(folder);
    assert.notMatch(relative, /^\//);
    configure({ indexURL: relative });
    await requestedPaths(true);
    const cell = await addCell('print("from a relative index URL")');
    const result = await cell.run();
    assert.equal(result.stdout, 'from a relative index URL\n');
    assert.include(await requestedPaths(), `/${folder}pyodide.asm.wasm`);
  });

  test('an indexURL that is no URL is refused and the previous one stays', async () => {
    resetSharedRuntime();
    useLocalPyodide();
    assert.throws(() => configure({ indexURL: 'http://[not-a-host/' }), TypeError, /indexURL/);
    const cell = await addCell('print("still local")');
    assert.equal((await cell.run()).stdout, 'still local\n');
  });
});
