import { assert } from 'chai';
import '../../src/index.js';
import { addCell, frames, outputText, removeCells, until, useLocalPyodide } from '../helpers.js';

suite('run() on the real runtime', () => {
  suiteSetup(() => useLocalPyodide());
  teardown(() => removeCells());

  test('returns stdout, stderr and the repr of the last expression', async () => {
    const cell = await addCell(
      'import sys\nprint("hello")\nprint("oops", file=sys.stderr)\n{"a": 1}',
    );
    const result = await cell.run();
    assert.isTrue(result.ok);
    assert.equal(result.stdout, 'hello\n');
    assert.equal(result.stderr, 'oops\n');
    assert.equal(result.result, "{'a': 1}");
    assert.isNumber(result.durationMs);
    const text = outputText(cell);
    assert.include(text, 'hello');
    assert.include(text, "{'a': 1}");
    const stderr = cell.shadowRoot!.querySelector('.output .stderr');
    assert.equal(stderr?.textContent, 'oops\n', 'stderr is styled apart');
  });

  test('code that awaits at top level runs to its end: its output, its last value, its errors', async () => {
    const cell = await addCell(
      'import asyncio\nprint("before")\nawait asyncio.sleep(0.01)\nprint("after")\nx = 41\nx + 1',
    );
    const result = await cell.run();
    assert.isTrue(result.ok);
    assert.equal(result.stdout, 'before\nafter\n');
    assert.equal(result.result, '42');
    cell.code = 'import asyncio\nawait asyncio.sleep(0)\nprint(x)\n1 / 0';
    const failed = await cell.run();
    assert.isFalse(failed.ok);
    assert.equal(
      failed.stdout,
      '41\n',
      'the namespace is the cell’s, as for code that does not await',
    );
    assert.equal(failed.error?.type, 'ZeroDivisionError');
    assert.match(failed.error!.traceback, /line 4/);
  });

  test('leaves result out when the last expression is None or a statement', async () => {
    const cell = await addCell('x = 5\nNone');
    const result = await cell.run();
    assert.isTrue(result.ok);
    assert.notProperty(result, 'result');
  });

  test('a Python error resolves with ok false and a traceback of the user frames only', async () => {
    const cell = await addCell(
      'def inner(n):\n    return 10 / n\n\ndef outer():\n    return inner(0)\n\nprint("before")\nouter()',
    );
    const result = await cell.run();
    assert.isFalse(result.ok);
    assert.equal(result.stdout, 'before\n');
    assert.equal(result.error?.type, 'ZeroDivisionError');
    assert.equal(result.error?.message, 'division by zero');
    const traceback = result.error!.traceback;
    assert.match(traceback, /^Traceback \(most recent call last\):/);
    assert.include(traceback, `File "<${cell.name}>", line 8, in <module>`);
    assert.include(traceback, 'line 5, in outer');
    assert.include(traceback, 'line 2, in inner');
    assert.include(traceback, 'return 10 / n', 'the source line is shown');
    assert.notMatch(traceback, /_pyodide|pyodide\/|\/lib\/python|_base\.py|eval_code/);
    assert.include(outputText(cell), 'ZeroDivisionError: division by zero');
  });

  test('a syntax error names the line and shows no internal frames', async () => {
    const cell = await addCell('x = 1\nif x\n    print(x)');
    const result = await cell.run();
    assert.isFalse(result.ok);
    assert.equal(result.error?.type, 'SyntaxError');
    assert.include(result.error!.traceback, `File "<${cell.name}>", line 2`);
    assert.notMatch(result.error!.traceback, /_pyodide|\/lib\/python/);
  });

  test('runs the code as it is at the call', async () => {
    const cell = await addCell('print("first")');
    await until(() => cell.code !== '', 'the code');
    const pending = cell.run();
    cell.code = 'print("second")';
    assert.equal((await pending).stdout, 'first\n');
  });

  test('HTML written by Python stays text in the output', async () => {
    const cell = await addCell(
      'print("<img src=x onerror=\\"window.__pwned = 1\\"><b>bold</b>")\n"<i>result</i>"',
    );
    await cell.run();
    const pane = cell.shadowRoot!.querySelector('.output')!;
    await until(() => pane.textContent!.includes('bold'), 'the output');
    assert.include(pane.textContent!, '<img src=x onerror="window.__pwned = 1"><b>bold</b>');
    assert.include(pane.textContent!, "'<i>result</i>'");
    assert.isNull(pane.querySelector('img, b, i'));
    assert.isUndefined((window as { __pwned?: number }).__pwned);
  });

  test('the pane follows new output to its end, unless the reader scrolled up to read', async () => {
    const cell = await addCell(
      'import time\nprint("\\n".join(f"line {i}" for i in range(100)), flush=True)\nend = time.time() + 1.5\nwhile time.time() < end:\n    pass\nprint("\\n".join(f"more {i}" for i in range(100)))',
    );
    const pane = cell.shadowRoot!.querySelector<HTMLElement>('.output')!;
    const atEnd = () => pane.scrollHeight - pane.scrollTop - pane.clientHeight < 2;
    const running = cell.run();
    await until(() => pane.textContent!.includes('line 99'), 'the first lines');
    assert.isAbove(pane.scrollHeight, pane.clientHeight + 100, 'the output overflows the pane');
    await until(atEnd, 'the pane to follow the output');
    // The reader scrolls up to read while the code still runs.
    const scrolled = new Promise((resolve) =>
      pane.addEventListener('scroll', resolve, { once: true }),
    );
    pane.scrollTop = 0;
    await scrolled;
    await running;
    await until(() => pane.textContent!.includes('more 99'), 'the later lines');
    await frames(2);
    assert.equal(pane.scrollTop, 0, 'the pane stays where the reader is');
    // A new run starts at the end again.
    await cell.run();
    await until(atEnd, 'the pane to follow the new run');
  });

  test('output streams into the pane while the code still runs', async () => {
    const cell = await addCell(
      'import time\nprint("early", flush=True)\nend = time.time() + 1.5\nwhile time.time() < end:\n    pass\nprint("late")',
    );
    const done = cell.run();
    await until(() => outputText(cell).includes('early'), 'the first line');
    assert.notInclude(outputText(cell), 'late', 'the first line arrived before the run ended');
    await done;
    assert.include(outputText(cell), 'late');
  });

  test('what was printed shows before a time.sleep, without an explicit flush', async () => {
    const cell = await addCell('import time\nprint("a")\nprint("b")\ntime.sleep(1.5)\nprint("c")');
    const done = cell.run();
    await until(() => outputText(cell).includes('b'), 'the lines before the sleep');
    assert.notInclude(outputText(cell), 'c');
    await done;
    assert.equal(outputText(cell), 'a\nb\nc\n');
  });

  test('a flood of output is capped, marked truncated, and the pane keeps the first lines', async () => {
    const cell = await addCell('for i in range(200000):\n    print(i)');
    const result = await cell.run();
    assert.isTrue(result.truncated);
    assert.isTrue(result.ok);
    assert.equal(
      result.stdout.split('\n').length - 1,
      5000,
      'stdout keeps exactly the first 5000 lines',
    );
    assert.isTrue(result.stdout.startsWith('0\n1\n2\n'));
    await until(() => outputText(cell).includes('Output truncated'), 'the truncation notice');
    const lines = outputText(cell).split('\n');
    assert.isAtMost(lines.length, 5003);
  });
});
