import { assert } from 'chai';
import '../../src/index.js';
import { addCell, nextEvent, removeCells, uniqueName, useLocalPyodide } from '../helpers.js';

suite('envs and the run queue', () => {
  suiteSetup(() => useLocalPyodide());
  teardown(() => removeCells());

  test('cells with different names see neither variables nor files of each other', async () => {
    const a = await addCell(
      'secret = 42\nopen("mine.txt", "w").write("a")\nimport os\nos.getcwd()',
    );
    const b = await addCell(
      'import os\nprint("secret" in globals(), os.path.exists("mine.txt"))\nos.getcwd()',
    );
    const first = await a.run();
    const second = await b.run();
    assert.equal(first.result, `'/home/pyodide/${a.name}'`);
    assert.equal(second.result, `'/home/pyodide/${b.name}'`);
    assert.equal(second.stdout, 'False False\n');
  });

  test('cells with one env share variables and files', async () => {
    const env = uniqueName('shared');
    const writer = await addCell('shared = [1, 2]\nopen("note.txt", "w").write("hi")', { env });
    const reader = await addCell('print(shared, open("note.txt").read())', { env });
    assert.notEqual(writer.name, reader.name);
    assert.isTrue((await writer.run()).ok);
    const result = await reader.run();
    assert.isTrue(result.ok, result.error?.traceback);
    assert.equal(result.stdout, '[1, 2] hi\n');
  });

  test('variables last between runs of one cell', async () => {
    const cell = await addCell('count = globals().get("count", 0) + 1\ncount');
    await cell.run();
    await cell.run();
    assert.equal((await cell.run()).result, '3');
  });

  test('runs from several cells queue in order, a waiting cell showing queued', async () => {
    const cells = await Promise.all(
      [0, 1, 2].map((index) =>
        addCell(
          `import time\nend = time.time() + 0.3\nwhile time.time() < end:\n    pass\n${index}`,
        ),
      ),
    );
    await cells[0]!.run(); // the runtime is up, so what follows is pure queueing
    const order: string[] = [];
    for (const cell of cells) cell.addEventListener('run-start', () => order.push(cell.name));
    const started = nextEvent(cells[0]!, 'run-start');
    const results = cells.map((cell) => cell.run());
    await started;
    assert.equal(cells[0]!.status, 'running');
    assert.equal(cells[1]!.status, 'queued');
    assert.equal(cells[2]!.getAttribute('status'), 'queued');
    const values = await Promise.all(results);
    assert.deepEqual(
      values.map((value) => value.result),
      ['0', '1', '2'],
    );
    assert.deepEqual(
      order,
      cells.map((cell) => cell.name),
    );
    for (const cell of cells) assert.equal(cell.status, 'idle');
  });

  test('run-start and run-end bubble out of the element and cross shadow roots', async () => {
    const cell = await addCell('1 + 1');
    const start = nextEvent(document, 'run-start');
    const end = nextEvent<{ result: string }>(document, 'run-end');
    await cell.run();
    const [startEvent, endEvent] = await Promise.all([start, end]);
    assert.isTrue(startEvent.bubbles && startEvent.composed);
    assert.equal(endEvent.detail.result, '2');
  });
});
