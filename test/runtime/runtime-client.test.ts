import { assert } from 'chai';
import type { RunResult } from '../../src/protocol.js';
import { type EnvStore, MemoryEnvStore } from '../../src/runtime/env-store.js';
import { PythonRuntimeError } from '../../src/runtime/errors.js';
import type { JobStatus } from '../../src/runtime/run-queue.js';
import { bytes, fakeRuntime, ranOk } from './fake-worker.js';

const LIMITS = { maxLines: 10, maxBytes: 100 };

function settledSoon<T>(promise: Promise<T>): Promise<'pending' | T> {
  // Two macrotasks: long enough for every microtask the client chains.
  return Promise.race([
    promise,
    new Promise<'pending'>((resolve) => setTimeout(() => setTimeout(() => resolve('pending')))),
  ]);
}

suite('runtime client against a fake worker', () => {
  test('sends one request at a time, in the order they were asked', async () => {
    const { client, workers } = fakeRuntime();
    const first = client.run('a', 'print(1)', '<a>');
    const second = client.call('inspect', { env: 'b' });
    const third = client.run('c', 'print(3)', '<c>');
    const worker = workers[0]!;
    const run = await worker.request('run');
    assert.deepEqual(
      worker.requests.map((request) => request.method),
      ['init', 'run'],
      'nothing more is sent while a job runs',
    );
    assert.equal(run.params.env, 'a');
    worker.reply(run.id, ranOk('1\n'));
    assert.equal((await first).stdout, '1\n');
    const inspect = await worker.request('inspect');
    worker.reply(inspect.id, { env: 'b', files: [], databases: [] });
    assert.equal((await second).env, 'b');
    const last = await worker.request('run', 1);
    assert.equal(last.params.env, 'c');
    worker.reply(last.id, ranOk('3\n'));
    assert.equal((await third).stdout, '3\n');
  });

  test('tells each job loading, then queued or running, as it moves up', async () => {
    const { client, workers } = fakeRuntime();
    const seen: Record<string, JobStatus[]> = { a: [], b: [] };
    void client.run('a', '', '<a>', { onStatus: (status) => seen.a!.push(status) });
    void client.run('b', '', '<b>', { onStatus: (status) => seen.b!.push(status) });
    const worker = workers[0]!;
    const run = await worker.request('run');
    assert.deepEqual(seen.a, ['loading', 'running']);
    assert.deepEqual(seen.b, ['loading', 'queued']);
    worker.reply(run.id, ranOk());
    await worker.request('run', 1);
    assert.deepEqual(seen.b, ['loading', 'queued', 'running']);
  });

  test('stop cancels the owner’s queued job, which never reaches the worker', async () => {
    const { client, workers } = fakeRuntime();
    const owner = {};
    const running = client.run('a', 'busy', '<a>');
    const queued = client.run('b', 'never', '<b>', { owner });
    const worker = workers[0]!;
    const run = await worker.request('run');
    await client.stop(owner);
    const cancelled = await queued;
    assert.isFalse(cancelled.ok);
    assert.equal(cancelled.error?.kind, 'cancelled');
    assert.equal(cancelled.error?.type, '');
    worker.reply(run.id, ranOk('done\n'));
    assert.equal((await running).stdout, 'done\n', 'the other owner’s run went on');
    assert.equal(await settledSoon(worker.request('run', 1)), 'pending');
  });

  test('stop cancels the owner’s queued panel request (inspect) before it reaches the worker', async () => {
    const { client, workers } = fakeRuntime();
    const owner = {};
    const running = client.run('a', 'busy', '<a>');
    const inspect = client.call('inspect', { env: 'b' }, { owner });
    const worker = workers[0]!;
    const run = await worker.request('run');
    await client.stop(owner);
    const error = await inspect.then(
      () => undefined,
      (failure: unknown) => failure,
    );
    assert.instanceOf(error, PythonRuntimeError);
    assert.equal((error as PythonRuntimeError).reason, 'cancelled');
    worker.reply(run.id, ranOk());
    await running;
    assert.equal(await settledSoon(worker.request('inspect')), 'pending');
  });

  test('stop of the owner’s running panel request lets it end in its budget, keeping the worker', async () => {
    const { client, workers } = fakeRuntime();
    const owner = {};
    const inspect = client.call('inspect', { env: 'a' }, { owner });
    const worker = workers[0]!;
    const request = await worker.request('inspect');
    let isRestarted = false;
    client.addEventListener('restarted', () => {
      isRestarted = true;
    });
    const stopping = client.stop(owner);
    assert.equal(await settledSoon(stopping), 'pending', 'stop waits for the request');
    worker.reply(request.id, { env: 'a', files: [], databases: [] });
    await stopping;
    assert.equal((await inspect).env, 'a');
    assert.isFalse(isRestarted);
    assert.isFalse(worker.isTerminated, 'no restart: variables are kept');
  });

  test('stop of a running job restarts the worker and puts every env’s files back', async () => {
    const { client, workers } = fakeRuntime();
    const owner = {};
    const write = client.call('writeFiles', {
      env: 'a',
      files: [{ path: 'kept.txt', data: bytes('kept') }],
      overwrite: false,
    });
    const first = workers[0]!;
    const request = await first.request('writeFiles');
    first.reply(request.id, null, [
      {
        env: 'a',
        delta: {
          paths: ['kept.txt'],
          changed: [{ path: 'kept.txt', data: bytes('kept'), modified: 5 }],
        },
      },
    ]);
    await write;
    const streamed: string[] = [];
    const running = client.run('a', 'while True: pass', '<a>', {
      owner,
      onOutput: (_stream, text) => streamed.push(text),
    });
    const behind = client.run('b', 'print(2)', '<b>');
    const run = await first.request('run');
    first.send({ kind: 'output', id: run.id, stream: 'stdout', text: 'partial\n' });
    const restarted = new Promise<string>((resolve) =>
      client.addEventListener('restarted', (event) =>
        resolve((event as CustomEvent<{ reason: string }>).detail.reason),
      ),
    );
    await client.stop(owner);
    const stopped = await running;
    assert.equal(stopped.error?.kind, 'stopped');
    assert.equal(stopped.error?.type, '');
    assert.equal(stopped.stdout, 'partial\n', 'what it printed before the stop is kept');
    assert.deepEqual(streamed, ['partial\n']);
    assert.equal(await restarted, 'stopped');
    assert.isTrue(first.isTerminated);
    const fresh = workers[1]!;
    const restore = await fresh.request('restoreFiles');
    assert.deepEqual(
      restore.params.envs.map(({ env, files }) => ({
        env,
        files: files.map((file) => [file.path, new TextDecoder().decode(file.data)]),
      })),
      [{ env: 'a', files: [['kept.txt', 'kept']] }],
    );
    const next = await fresh.request('run');
    assert.equal(next.params.env, 'b', 'the job queued behind runs on the new worker');
    fresh.reply(next.id, ranOk('2\n'));
    assert.equal((await behind).stdout, '2\n');
  });

  test('Pyodide starts loading before the stored files are read; they are in before the first run', async () => {
    const kept = new MemoryEnvStore();
    await kept.applyDelta('a', {
      paths: ['kept.txt'],
      changed: [{ path: 'kept.txt', data: bytes('kept'), modified: 1 }],
    });
    let release = () => {};
    const reading = new Promise<void>((resolve) => {
      release = resolve;
    });
    // A store as slow as IndexedDB with a big state: its files come when the test says.
    const slow: EnvStore = {
      files: async (env) => {
        await reading;
        return kept.files(env);
      },
      applyDelta: (env, delta) => kept.applyDelta(env, delta),
      envs: () => kept.envs(),
    };
    const { client, workers } = fakeRuntime({ store: slow });
    const ran = client.run('a', 'read', '<a>');
    await new Promise((resolve) => setTimeout(resolve));
    const worker = workers[0]!;
    await worker.request('init');
    assert.deepEqual(
      worker.requests.map((request) => request.method),
      ['init'],
      'init goes out while the files are still being read',
    );
    release();
    const restore = await worker.request('restoreFiles');
    assert.deepEqual(
      restore.params.envs.map(({ env, files }) => [env, files.map((file) => file.path)]),
      [['a', ['kept.txt']]],
    );
    const run = await worker.request('run');
    assert.deepEqual(
      worker.requests.map((request) => request.method),
      ['init', 'restoreFiles', 'run'],
    );
    worker.reply(run.id, ranOk('kept\n'));
    assert.equal((await ran).stdout, 'kept\n');
  });

  test('files any response changed are what the store keeps, with no extra request', async () => {
    const { client, workers } = fakeRuntime();
    const ran = client.run('a', 'write', '<a>');
    const worker = workers[0]!;
    const run = await worker.request('run');
    worker.reply(run.id, ranOk(), [
      {
        env: 'a',
        delta: {
          paths: ['one.txt', 'two.txt'],
          changed: [
            { path: 'one.txt', data: bytes('1'), modified: 1 },
            { path: 'two.txt', data: bytes('2'), modified: 1 },
          ],
        },
      },
    ]);
    await ran;
    const deleted = client.call('deleteFile', { env: 'a', path: 'one.txt' });
    const request = await worker.request('deleteFile');
    worker.reply(request.id, null, [{ env: 'a', delta: { paths: ['two.txt'], changed: [] } }]);
    await deleted;
    assert.deepEqual(
      (await client.filesOf('a')).map((file) => file.path),
      ['two.txt'],
    );
    assert.deepEqual(
      worker.requests.map((each) => each.method),
      ['init', 'run', 'deleteFile'],
    );
  });

  test('an error that crossed as data rejects the call and still applies its changes', async () => {
    const { client, workers } = fakeRuntime();
    const written = client.call('writeFiles', {
      env: 'a',
      files: [{ path: 'x.txt', data: bytes('x') }],
      overwrite: false,
    });
    const worker = workers[0]!;
    const request = await worker.request('writeFiles');
    worker.send({
      kind: 'response',
      id: request.id,
      ok: false,
      error: { name: 'FileExistsError', message: 'x.txt already exists.' },
      changes: [
        {
          env: 'a',
          delta: {
            paths: ['x.txt'],
            changed: [{ path: 'x.txt', data: bytes('old'), modified: 1 }],
          },
        },
      ],
    });
    const error = await written.catch((caught: Error) => caught);
    assert.equal((error as Error).name, 'FileExistsError');
    assert.equal((error as Error).message, 'x.txt already exists.');
    assert.deepEqual(
      (await client.filesOf('a')).map((file) => file.path),
      ['x.txt'],
    );
  });

  test('a KeyboardInterrupt the code raised itself stays a Python error', async () => {
    const { client, workers } = fakeRuntime();
    const ran = client.run('a', 'raise KeyboardInterrupt', '<a>');
    const worker = workers[0]!;
    const run = await worker.request('run');
    const error = { kind: 'python', type: 'KeyboardInterrupt', message: '', traceback: 'tb' };
    worker.reply(run.id, { ok: false, stdout: '', stderr: '', error, durationMs: 1 });
    assert.deepEqual((await ran).error, error);
  });

  for (const [how, kill] of [
    ['its error event', (worker) => worker.fireError('boom')],
    [
      'a fatal message',
      (worker) => worker.send({ kind: 'fatal', error: { name: 'Error', message: 'boom' } }),
    ],
    ['terminate() from outside', (worker) => worker.terminate()],
  ] as [string, (worker: import('./fake-worker.js').FakeWorker) => void][]) {
    test(`a worker that dies by ${how} ends every call in flight as crashed, then restarts with the files`, async () => {
      const { client, workers } = fakeRuntime();
      const setup = client.run('a', 'write', '<a>');
      const first = workers[0]!;
      const write = await first.request('run');
      first.reply(write.id, ranOk(), [
        {
          env: 'a',
          delta: { paths: ['f.txt'], changed: [{ path: 'f.txt', data: bytes('f'), modified: 1 }] },
        },
      ]);
      await setup;
      const running = client.run('a', 'crash', '<a>');
      const queued = client.run('b', 'later', '<b>');
      const inspecting = client.call('inspect', { env: 'c' });
      const restarted = new Promise<string>((resolve) =>
        client.addEventListener('restarted', (event) =>
          resolve((event as CustomEvent<{ reason: string }>).detail.reason),
        ),
      );
      await first.request('run', 1);
      kill(first);
      const results: RunResult[] = await Promise.all([running, queued]);
      for (const result of results) {
        assert.equal(result.error?.kind, 'crashed');
        assert.match(result.error!.message, /crashed/);
      }
      const error = await inspecting.catch((caught: Error) => caught);
      assert.instanceOf(error, PythonRuntimeError);
      assert.equal((error as PythonRuntimeError).reason, 'crashed');
      assert.equal(await restarted, 'crashed');
      assert.isTrue(first.isTerminated);
      const again = client.run('a', 'read', '<a>');
      const fresh = workers[1]!;
      const restore = await fresh.request('restoreFiles');
      assert.deepEqual(
        restore.params.envs.map(({ env, files }) => [env, files.map((file) => file.path)]),
        [['a', ['f.txt']]],
      );
      const run = await fresh.request('run');
      fresh.reply(run.id, ranOk('f\n'));
      assert.equal((await again).stdout, 'f\n');
    });
  }

  test('a worker that cannot be created fails queued and later runs with a load error naming it, and a later run tries again', async () => {
    let attempts = 0;
    const { RuntimeClient } = await import('../../src/runtime/runtime-client.js');
    const client = new RuntimeClient({
      workerURL: 'https://cdn.example/worker.js',
      createWorker: () => {
        attempts += 1;
        throw new DOMException(
          'Script at https://cdn.example/worker.js cannot be accessed',
          'SecurityError',
        );
      },
    });
    const results = await Promise.allSettled([
      client.run('a', '1', '<a>'),
      client.call('inspect', { env: 'b' }),
    ]);
    for (const result of results) {
      assert.equal(result.status, 'rejected');
      const reason = (result as PromiseRejectedResult).reason as PythonRuntimeError;
      assert.instanceOf(reason, PythonRuntimeError);
      assert.equal(reason.reason, 'load');
      assert.include(reason.message, 'https://cdn.example/worker.js');
    }
    await client.run('a', '1', '<a>').catch(() => {});
    assert.equal(attempts, 2, 'the later run tried a fresh worker');
  });

  test('a worker whose script fails to load (error event before init) fails every run with a load error', async () => {
    const { client, workers } = fakeRuntime({ answersInit: false });
    const first = client.run('a', '1', '<a>');
    const second = client.run('b', '2', '<b>');
    const worker = workers[0]!;
    await worker.request('init');
    worker.fireError();
    for (const pending of [first, second]) {
      const error = (await pending.catch((caught: Error) => caught)) as PythonRuntimeError;
      assert.instanceOf(error, PythonRuntimeError);
      assert.equal(error.reason, 'load');
      assert.include(error.message, 'fake://worker.js');
    }
    assert.isTrue(worker.isTerminated);
    assert.isFalse(client.isStarted);
    void client.run('a', '1', '<a>').catch(() => {});
    await new Promise((resolve) => setTimeout(resolve));
    assert.lengthOf(workers, 2, 'a later run starts a fresh worker');
  });

  test('init answered with an error fails the run with a load error that keeps the reason', async () => {
    const { client, workers } = fakeRuntime({ answersInit: false });
    const run = client.run('a', '1', '<a>');
    const worker = workers[0]!;
    const init = await worker.request('init');
    worker.send({
      kind: 'response',
      id: init.id,
      ok: false,
      error: { name: 'Error', message: 'Could not load Pyodide from /nowhere/: 404' },
      changes: [],
    });
    const error = (await run.catch((caught: Error) => caught)) as PythonRuntimeError;
    assert.equal(error.reason, 'load');
    assert.match(error.message, /could not load: Could not load Pyodide from \/nowhere\/: 404/);
  });
});

suite('configured limits', () => {
  test('runs carry the configured output limits', async () => {
    const { client, workers } = fakeRuntime();
    client.configure({ outputLimits: LIMITS });
    void client.run('a', '1', '<a>');
    const run = await workers[0]!.request('run');
    assert.deepEqual(run.params.limits, LIMITS);
  });
});
