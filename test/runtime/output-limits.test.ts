import { assert } from 'chai';
import { configure } from '../../src/index.js';
import { DEFAULT_OUTPUT_LIMITS } from '../../src/runtime/runtime-client.js';
import { addCell, outputText, removeCells, until, useLocalPyodide } from '../helpers.js';

suite('output limits on the real runtime', () => {
  suiteSetup(() => useLocalPyodide());
  teardown(() => {
    configure({ outputLimits: DEFAULT_OUTPUT_LIMITS });
    removeCells();
  });

  test('a run keeps at most 1 MB of output by default, however few its lines', async () => {
    // 20 lines of 100 KB: far under the line cap, twice the byte cap.
    const cell = await addCell('for i in range(20):\n    print(str(i % 10) * 100_000)');
    const result = await cell.run();
    assert.isTrue(result.ok);
    assert.isTrue(result.truncated);
    const kept = new TextEncoder().encode(result.stdout).byteLength;
    assert.isAtMost(kept, 1024 * 1024);
    assert.equal(result.stdout.split('\n').length - 1, 10, 'the whole lines that fit, no more');
    await until(() => outputText(cell).includes('Output truncated'), 'the notice');
    assert.include(outputText(cell), 'at most 5000 lines or 1.0 MB');
  });

  test('a single line over the byte cap shows its start, up to the cap', async () => {
    // 6 MB with no newline at all: before #12 nothing of it was shown.
    const cell = await addCell('import sys\nsys.stdout.write("é" + "ab" * 3_000_000)');
    const result = await cell.run();
    assert.isTrue(result.truncated);
    const kept = new TextEncoder().encode(result.stdout).byteLength;
    assert.isAtMost(kept, 1024 * 1024);
    assert.isAtLeast(kept, 1024 * 1024 - 1, 'as much as fits');
    assert.isTrue(result.stdout.startsWith('éabab'));
  });

  test('configure({ outputLimits }) sets the caps of later runs', async () => {
    configure({ outputLimits: { maxLines: 3 } });
    const cell = await addCell('for i in range(10):\n    print(i)');
    const result = await cell.run();
    assert.isTrue(result.truncated);
    assert.isTrue(result.stdout.startsWith('0\n1\n2\n'));
    assert.equal(result.stdout.split('\n').length - 1, 3, 'three whole lines');
    await until(() => outputText(cell).includes('Output truncated'), 'the notice');
    assert.include(outputText(cell), 'at most 3 lines');
  });

  test('output under the caps is not marked truncated', async () => {
    configure({ outputLimits: { maxLines: 3 } });
    const cell = await addCell('for i in range(3):\n    print(i)');
    const result = await cell.run();
    assert.notProperty(result, 'truncated');
    assert.equal(result.stdout, '0\n1\n2\n');
  });
});

suite('elapsed time while running', () => {
  suiteSetup(() => useLocalPyodide());
  teardown(() => removeCells());

  test('the cell shows the time since the run started, and it moves on', async () => {
    const cell = await addCell(
      'import asyncio\nfor i in range(40):\n    print(i)\n    await asyncio.sleep(0.05)',
    );
    const elapsed = () =>
      cell.shadowRoot!.querySelector('[part=status] [aria-hidden=true]')?.textContent ?? '';
    assert.equal(elapsed(), '', 'no time while idle');
    const running = cell.run();
    await until(() => /\d s$/.test(elapsed()), 'the elapsed time');
    const first = elapsed();
    await until(() => elapsed() !== first && elapsed() !== '', 'the elapsed time to change');
    await running;
    await cell.updateComplete;
    assert.equal(elapsed(), '', 'gone once the run ended');
  });
});
