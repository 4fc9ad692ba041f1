import { assert } from 'chai';
import type { FilePreview, StateReport } from '../../../src/protocol.js';
import type { RuntimeClient } from '../../../src/runtime/runtime-client.js';
import { sharedRuntime } from '../../../src/runtime/shared-runtime.js';
import { accessibilityViolations } from '../../axe.js';
import { uniqueName, until, useLocalPyodide } from '../../helpers.js';
import { cellOf, open, python, text } from './panel-helpers.js';

/** Answers `inspect` and `preview` with these instead of the worker's (the worker's own are tested in test/worker). */
function fakeAnswers(report: StateReport, previews: Record<string, FilePreview>): () => void {
  const client = sharedRuntime();
  const original = client.call;
  client.call = function (this: RuntimeClient, method, params, ...rest) {
    if (method === 'inspect')
      return Promise.resolve({ ...report, env: (params as { env: string }).env });
    if (method === 'preview') {
      const { path } = params as { path: string };
      if (previews[path]) return Promise.resolve(previews[path]);
    }
    return original.call(this, method, params, ...rest);
  } as typeof original;
  return () => {
    client.call = original;
  };
}

const modified = new Date().toISOString();

const REPORT: StateReport = {
  env: '',
  files: [
    { path: 'bad.db', size: 4096, modified },
    { path: 'broken.txt', size: 10, modified, error: 'the name is not valid UTF-8' },
    { path: 'fine.txt', size: 5, modified },
    { path: 'hostile.db', size: 33_000, modified },
  ],
  databases: [
    { path: 'bad.db', tables: [], error: 'file is not a database' },
    {
      path: 'hostile.db',
      tables: [
        { name: 'endless', columns: ['body'], rowCount: null },
        { name: 'plain', columns: ['id', 'label'], rowCount: 2 },
      ],
    },
  ],
};

const PREVIEWS: Record<string, FilePreview> = {
  'hostile.db': {
    kind: 'sqlite',
    path: 'hostile.db',
    tables: [
      { name: 'endless', columns: ['body'], rowCount: null, rows: [['a'], ['b']] },
      {
        name: 'plain',
        columns: ['id', 'label'],
        rowCount: 2,
        rows: [
          [1, 'x'],
          [2, 'y'],
        ],
      },
    ],
  },
  'fine.txt': { kind: 'text', path: 'fine.txt', text: 'hello', truncated: false },
};

suite('the State panel with a report that has errors and uncounted tables', () => {
  suiteSetup(() => useLocalPyodide());
  let restore: (() => void) | undefined;
  teardown(() => {
    restore?.();
    for (const host of document.querySelectorAll('py-state-runner')) host.remove();
  });

  test('shows a file or database error on its row only, and "rows: not counted"', async () => {
    const env = uniqueName('errors');
    await python(env, 'open("fine.txt", "w").write("hello")');
    restore = fakeAnswers(REPORT, PREVIEWS);
    const host = await cellOf(env);
    await open(host);
    const root = host.shadowRoot!;
    const row = (path: string) =>
      [...root.querySelectorAll('.state-file')].find(
        (candidate) => text(candidate.querySelector('.file-path')) === path,
      )!;
    await until(() => text(row('fine.txt')).includes('hello'), 'the preview of fine.txt');
    await until(() => text(row('hostile.db')).includes('first 2 shown'), 'the rows of hostile.db');

    assert.include(
      text(row('broken.txt')),
      'Could not read broken.txt: the name is not valid UTF-8',
    );
    assert.include(text(row('bad.db')), 'Could not open bad.db: file is not a database');
    assert.notInclude(text(row('fine.txt')), 'Could not');
    assert.include(text(row('hostile.db')), 'endless rows: not counted, 1 column, first 2 shown');
    assert.include(text(row('hostile.db')), 'plain 2 rows, 2 columns');
    assert.include(text(root.querySelector('.state-summary')), '4 files');
    assert.deepEqual(await accessibilityViolations(host), []);
  });
});
