import { assert } from 'chai';
import { configure } from '../../src/index.js';
import { resetSharedRuntime, sharedRuntime } from '../../src/runtime/shared-runtime.js';
import {
  addCell,
  frames,
  removeCells,
  requestedPaths,
  until,
  useLocalPyodide,
} from '../helpers.js';

const PYODIDE_ASSET = /pyodide\.(mjs|asm\.mjs|asm\.wasm)$|python_stdlib\.zip$|pyodide-lock\.json$/;

suite('lazy start', () => {
  teardown(() => removeCells());

  test('nothing of Pyodide is requested until the first run, then it is', async () => {
    // A folder name of its own, so the browser cannot answer from its cache.
    const fresh = `/__fresh/${Date.now()}/`;
    configure({ indexURL: fresh });
    await requestedPaths(true);
    const cell = await addCell('print("first")');
    await addCell('print("second")');
    // Two frames: whatever the cells start on connect or first render has started by now.
    await frames(2);
    assert.isFalse(sharedRuntime().isStarted);
    const before = await requestedPaths();
    assert.deepEqual(
      before.filter((path) => PYODIDE_ASSET.test(path) || path.includes('worker')),
      [],
    );
    assert.equal(cell.getAttribute('status'), 'idle');
    const statuses: string[] = [];
    const observer = new MutationObserver(() => statuses.push(cell.getAttribute('status')!));
    observer.observe(cell, { attributeFilter: ['status'] });
    const result = await cell.run();
    observer.disconnect();
    assert.isTrue(result.ok);
    assert.deepEqual(statuses, ['loading', 'running', 'idle']);
    const after = await requestedPaths();
    assert.includeMembers(after, [
      `${fresh}pyodide.mjs`,
      `${fresh}pyodide.asm.wasm`,
      `${fresh}python_stdlib.zip`,
    ]);
  });

  test('the worker imports the Pyodide loader its shim fetched ahead: one request for it, with or without a trailing slash', async () => {
    // The client names the loader for the shim's preload; the worker works its URL out from the
    // index URL on its own and takes the preload only for the same URL. Two spellings of one URL
    // would load the loader twice.
    for (const slash of ['/', '']) {
      resetSharedRuntime();
      const fresh = `/__fresh/${Date.now()}-${slash ? 'slash' : 'no-slash'}`;
      configure({ indexURL: `${fresh}${slash}` });
      await requestedPaths(true);
      const cell = await addCell('print(2)');
      assert.equal((await cell.run()).stdout, '2\n');
      const loaders = (await requestedPaths()).filter((path) => path.endsWith('pyodide.mjs'));
      assert.deepEqual(loaders, [`${fresh}/pyodide.mjs`], `index URL ${fresh}${slash}`);
      removeCells();
    }
    resetSharedRuntime();
  });

  test('the status says loading, with words and a still bar, while Python loads', async () => {
    resetSharedRuntime();
    useLocalPyodide();
    const cell = await addCell('1');
    // Every position the bar takes: an indeterminate bar (-1) is animated every frame, work taken
    // from Python's start.
    const positions: number[] = [];
    const observer = new MutationObserver(() => {
      const bar = cell.shadowRoot!.querySelector<HTMLProgressElement>('[part=status] progress');
      if (bar) positions.push(bar.position);
    });
    observer.observe(cell.shadowRoot!, { subtree: true, childList: true, attributes: true });
    const running = cell.run();
    await until(() => cell.status === 'loading', 'loading');
    await cell.updateComplete;
    const status = cell.shadowRoot!.querySelector('[part=status]')!;
    assert.match(status.textContent!, /Loading Python/);
    assert.isNotNull(status.querySelector('progress'));
    assert.deepEqual(cell.shadowRoot!.getAnimations(), [], 'nothing in the cell is animated');
    await running;
    observer.disconnect();
    assert.notInclude(positions, -1, 'never indeterminate');
    assert.deepEqual(
      positions,
      [...positions].sort((a, b) => a - b),
      'never moves back',
    );
    assert.isTrue(
      positions.some((position) => position > 0 && position < 1),
      `a stage between empty and full was shown: ${positions.join(', ')}`,
    );
  });

  test('the preload attribute starts loading before any run', async () => {
    resetSharedRuntime();
    useLocalPyodide();
    await addCell('1', { preload: '' });
    await until(() => sharedRuntime().isStarted, 'the runtime to start', 10000);
  });

  test('the index-url attribute says where Pyodide is, when configure() does not', async () => {
    resetSharedRuntime();
    const folder = `/__fresh/attribute-${Date.now()}/`;
    await requestedPaths(true);
    const cell = await addCell('print("from the attribute")', { 'index-url': folder });
    assert.equal((await cell.run()).stdout, 'from the attribute\n');
    assert.include(await requestedPaths(), `${folder}pyodide.asm.wasm`);
  });

  test('a runtime that cannot load rejects run() with a clear error, and a later run can still work', async () => {
    resetSharedRuntime();
    configure({ indexURL: '/no-pyodide-here/' });
    const cell = await addCell('print("eventually")');
    const error = await cell.run().catch((caught: Error) => caught);
    assert.instanceOf(error, Error);
    assert.match((error as Error).message, /The Python runtime could not load/);
    await cell.updateComplete;
    assert.include(cell.shadowRoot!.querySelector('.output')!.textContent!, 'could not load');
    assert.match(cell.shadowRoot!.querySelector('[part=status]')!.textContent!, /could not start/);
    assert.equal(cell.status, 'idle');
    configure({ indexURL: '/node_modules/pyodide/' });
    assert.equal((await cell.run()).stdout, 'eventually\n');
  });
});
