import { assert } from 'chai';
import { resetSharedRuntime, setSharedRuntime } from '../../src/runtime/shared-runtime.js';
import { addCell, removeCells } from '../helpers.js';
import { fakeRuntime, ranOk } from '../runtime/fake-worker.js';

/** The toolbar's loading bar: its position (value / max), -1 while indeterminate; null when none. */
function barPosition(cell: HTMLElement): number | null {
  const bar = cell.shadowRoot!.querySelector<HTMLProgressElement>('[part=status] progress');
  return bar ? bar.position : null;
}

suite('the loading bar', () => {
  teardown(() => {
    removeCells();
    resetSharedRuntime();
  });

  test('moves a step at each loading stage, never indeterminate, and goes once the code runs', async () => {
    const { client, workers } = fakeRuntime({ answersInit: false });
    setSharedRuntime(client);
    const cell = await addCell('print(1)');
    assert.isNull(barPosition(cell), 'no bar before a run');
    const running = cell.run();
    await workers[0]!.request('init');
    await cell.updateComplete;
    assert.strictEqual(barPosition(cell), 0, 'empty, but determinate, before the first stage');
    const positions: (number | null)[] = [];
    for (const [stage, detail] of [
      ['fetching', 'Downloading Python'],
      ['starting', 'Starting Python'],
    ] as const) {
      workers[0]!.send({ kind: 'progress', stage, detail });
      await cell.updateComplete;
      positions.push(barPosition(cell));
      assert.include(cell.shadowRoot!.querySelector('[part=status]')!.textContent!, detail);
    }
    assert.deepEqual(
      positions.map((position) => position?.toFixed(3)),
      [(1 / 3).toFixed(3), (2 / 3).toFixed(3)],
    );
    await workers[0]!.answerInit();
    const run = await workers[0]!.request('run');
    workers[0]!.send({ kind: 'started', id: run.id });
    workers[0]!.reply(run.id, ranOk('1\n'));
    await running;
    await cell.updateComplete;
    assert.isNull(barPosition(cell), 'no bar once the run ended');
  });

  test('shows a package download by its bytes when their total is known', async () => {
    const { client, workers } = fakeRuntime();
    setSharedRuntime(client);
    const cell = await addCell('import psr_greet');
    const running = cell.run();
    const run = await workers[0]!.request('run');
    const progress = { name: 'psr_greet', loaded: 300, total: 1200 };
    workers[0]!.send({ kind: 'package-progress', id: run.id, progress });
    await cell.updateComplete;
    assert.strictEqual(barPosition(cell), 0.25);
    workers[0]!.send({
      kind: 'package-progress',
      id: run.id,
      progress: { name: 'psr_other', loaded: 4096 },
    });
    await cell.updateComplete;
    assert.strictEqual(barPosition(cell), 0, 'a download of unknown size: empty, not animated');
    workers[0]!.reply(run.id, ranOk());
    await running;
  });
});
