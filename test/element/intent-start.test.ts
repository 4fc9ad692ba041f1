import { sendKeys, sendMouse } from '@web/test-runner-commands';
import { assert } from 'chai';
import { configure } from '../../src/index.js';
import { resetSharedRuntime, sharedRuntime } from '../../src/runtime/shared-runtime.js';
import { addCell, button, frames, removeCells, requestedPaths } from '../helpers.js';

// The runtime is one per page: these tests have a page of their own, and each points it at a
// folder of its own, so its requests reach the server instead of the browser's cache.

const PYODIDE_ASSET = /pyodide\.(mjs|asm\.mjs|asm\.wasm)$|python_stdlib\.zip$|pyodide-lock\.json$/;

function freshFolder(label: string): string {
  return `/__fresh/${label}-${Date.now()}/`;
}

/** Waits, a frame at a time, until the server was asked for `path`. */
async function untilRequested(path: string): Promise<void> {
  while (!(await requestedPaths()).includes(path)) {
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

suite('Python starts loading when a reader shows intent', () => {
  teardown(() => removeCells());

  test('a page of cells that nobody points at or focuses fetches nothing of Pyodide', async () => {
    configure({ indexURL: freshFolder('untouched') });
    await requestedPaths(true);
    const cells = [await addCell('print(1)'), await addCell('print(2)'), await addCell('x = 3')];
    // The editors arrived and the page painted twice: any start would have begun by now.
    await Promise.all(cells.map((cell) => cell.updateComplete));
    await frames();
    await frames();
    const requested = await requestedPaths();
    assert.deepEqual(
      requested.filter((path) => PYODIDE_ASSET.test(path) || path.includes('worker')),
      [],
    );
    assert.isFalse(sharedRuntime().isStarted);
  });

  test('pointing at a cell’s code starts loading Python', async () => {
    const folder = freshFolder('pointer');
    configure({ indexURL: folder });
    const cell = await addCell('print("hover")');
    assert.isFalse(sharedRuntime().isStarted);
    const box = cell.shadowRoot!.querySelector('.editor')!.getBoundingClientRect();
    await sendMouse({
      type: 'move',
      position: [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)],
    });
    await untilRequested(`${folder}pyodide.asm.wasm`);
    assert.equal(cell.status, 'idle', 'no run was asked for');
    await sendMouse({ type: 'move', position: [0, 0] });
  });

  test('focusing the Run button from the keyboard starts loading Python', async () => {
    resetSharedRuntime();
    const folder = freshFolder('focus');
    configure({ indexURL: folder });
    const cell = await addCell('print("focus")');
    assert.isFalse(sharedRuntime().isStarted);
    const input = document.createElement('input');
    document.body.prepend(input);
    input.focus();
    try {
      await sendKeys({ press: 'Tab' });
      assert.strictEqual(cell.shadowRoot!.activeElement, button(cell, 'Run'));
      await untilRequested(`${folder}pyodide.asm.wasm`);
      assert.equal(cell.status, 'idle', 'no run was asked for');
    } finally {
      input.remove();
    }
  });
});
