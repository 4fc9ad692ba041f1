import { assert } from 'chai';
import type { InitOptions } from '../../src/protocol.js';
import { fakeRuntime, ranOk } from '../runtime/fake-worker.js';

/** The interrupt buffer the client shares with its worker, as the worker sees it. */
async function interruptOf(
  worker: import('../runtime/fake-worker.js').FakeWorker,
): Promise<Int32Array> {
  const init = await worker.request('init');
  const buffer = (init.params as InitOptions).interruptBuffer;
  assert.instanceOf(buffer, SharedArrayBuffer);
  return new Int32Array(buffer!);
}

suite('runtime client interrupts, against a fake worker on an isolated page', () => {
  test('stop of a started run writes SIGINT; its KeyboardInterrupt is a stop, and the worker stays', async () => {
    const { client, workers } = fakeRuntime();
    const owner = {};
    const running = client.run('a', 'while True: pass', '<a>', { owner });
    const worker = workers[0]!;
    const interrupt = await interruptOf(worker);
    const run = await worker.request('run');
    const stopping = client.stop(owner);
    assert.equal(Atomics.load(interrupt, 0), 2);
    const error = { kind: 'python', type: 'KeyboardInterrupt', message: '', traceback: 'tb' };
    worker.reply(run.id, { ok: false, stdout: '', stderr: '', error, durationMs: 1 });
    await stopping;
    const result = await running;
    assert.deepEqual(result.error, { ...error, kind: 'stopped' });
    assert.isFalse(worker.isTerminated);
    assert.lengthOf(workers, 1);
  });

  test('a stop while the run loads its packages writes SIGINT at once: the worker holds it until the code starts', async () => {
    const { client, workers } = fakeRuntime();
    const owner = {};
    const running = client.run('a', 'import psr_greet', '<a>', { owner });
    const worker = workers[0]!;
    const interrupt = await interruptOf(worker);
    const run = await worker.request('run');
    worker.send({
      kind: 'package-progress',
      id: run.id,
      progress: { name: 'psr_greet', loaded: 1 },
    });
    const stopping = client.stop(owner);
    assert.equal(Atomics.load(interrupt, 0), 2);
    const error = { kind: 'python', type: 'KeyboardInterrupt', message: '', traceback: 'tb' };
    worker.reply(run.id, { ok: false, stdout: '', stderr: '', error, durationMs: 1 });
    await stopping;
    assert.equal((await running).error?.kind, 'stopped');
    assert.lengthOf(workers, 1, 'interrupted, not restarted');
  });

  test('an interrupt that came too late for one run does not hit the next', async () => {
    const { client, workers } = fakeRuntime();
    const owner = {};
    const first = client.run('a', 'print(1)', '<a>', { owner });
    const worker = workers[0]!;
    const interrupt = await interruptOf(worker);
    const run = await worker.request('run');
    const stopping = client.stop(owner);
    worker.reply(run.id, ranOk('1\n'));
    await stopping;
    assert.equal((await first).stdout, '1\n');
    void client.run('a', 'print(2)', '<a>');
    await worker.request('run', 1);
    assert.equal(Atomics.load(interrupt, 0), 0);
  });
});
