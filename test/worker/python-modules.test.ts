import { assert } from 'chai';
import { loadPyodide, type PyodideAPI } from 'pyodide';
import type { PyProxy } from 'pyodide/ffi';
import {
  PYTHON_FILES,
  PYTHON_PACKAGE,
  writePythonPackage,
} from '../../src/worker/python-package.js';
import { PYODIDE_URL } from '../helpers.js';

/** Where this page's own Pyodide finds the package: on sys.path, never hidden. */
const FOLDER = '/tmp/python-modules-test';
const WORK = '/home/pyodide/python-modules-test';

let pyodide: PyodideAPI;

/** One module of the package, imported in this page's Pyodide. */
function module(name: string): PyProxy {
  return pyodide.pyimport(`${PYTHON_PACKAGE}.${name}`);
}

/** A Python dict or list as JavaScript, the way the host hands them over. */
function plain(value: PyProxy): unknown {
  return value.toJs({ dict_converter: Object.fromEntries, create_pyproxies: false });
}

/** Creates a SQLite database at path through Python's sqlite3 (not through the host). */
function makeDatabase(path: string): void {
  const sqlite3 = pyodide.pyimport('sqlite3');
  const connection = sqlite3.connect(path);
  connection.executescript(
    'CREATE TABLE people (name TEXT, age INTEGER, photo BLOB);' +
      "INSERT INTO people VALUES ('Ada', 36, x'00ff'), ('Bob', NULL, NULL);",
  );
  connection.commit();
  connection.close();
}

/**
 * A database a stranger could send (#12): an FTS5 table whose content is a
 * view over an endless recursive CTE, so counting or scanning it never ends.
 */
function makeHostileDatabase(path: string): void {
  const sqlite3 = pyodide.pyimport('sqlite3');
  const connection = sqlite3.connect(path);
  connection.executescript(
    'CREATE VIEW endless AS WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r)' +
      " SELECT x AS rowid, 'row ' || x AS body FROM r;" +
      "CREATE VIRTUAL TABLE docs USING fts5(body, content='endless', content_rowid='rowid');",
  );
  connection.commit();
  connection.close();
}

suite('the Python package of the worker, module by module, in the real Pyodide', () => {
  suiteSetup(async () => {
    pyodide = await loadPyodide({ indexURL: PYODIDE_URL, stdout: () => {}, stderr: () => {} });
    writePythonPackage(pyodide.FS, FOLDER);
    pyodide.FS.mkdirTree(WORK);
    pyodide.pyimport('sys').path.insert(0, FOLDER);
  });

  test('every .py file of src/worker/python is in the package and imports', () => {
    const names = Object.keys(PYTHON_FILES).sort();
    assert.includeMembers(names, ['__init__.py', 'host.py', 'run.py', 'tracebacks.py']);
    for (const name of names) {
      const stem = name.replace(/\.py$/, '');
      const imported = stem === '__init__' ? pyodide.pyimport(PYTHON_PACKAGE) : module(stem);
      assert.equal(imported.__file__, `${FOLDER}/${PYTHON_PACKAGE}/${name}`);
    }
  });

  test('namespaces: one dict per env, set aside by Clear and put back by Undo once', () => {
    const namespaces = module('namespaces');
    const first = namespaces.namespace('env-a');
    first.set('x', 1);
    assert.equal(namespaces.namespace('env-a').get('x'), 1, 'the same dict each time');
    assert.isUndefined(namespaces.namespace('env-b').get('x'), 'envs are apart');
    namespaces.set_aside_namespace('env-a');
    assert.isUndefined(namespaces.namespace('env-a').get('x'), 'cleared');
    assert.isTrue(namespaces.restore_namespace('env-a'));
    assert.equal(namespaces.namespace('env-a').get('x'), 1, 'back after Undo');
    assert.isFalse(namespaces.restore_namespace('env-a'), 'nothing left to put back');
    namespaces.reset_namespace('env-a');
    assert.isUndefined(namespaces.namespace('env-a').get('x'));
  });

  test('output: posts the first line as it ends, batches the next, cuts at the line limit', () => {
    const output = module('output');
    const posts: [string, string][] = [];
    const collected = output.Output(
      (stream: string, text: string) => posts.push([stream, text]),
      3,
      1000,
    );
    const stdout = output.Stream(collected, 'stdout');
    stdout.write('a');
    assert.deepEqual(posts, [], 'a line not ended yet waits');
    stdout.write('\n');
    assert.deepEqual(posts, [['stdout', 'a\n']]);
    stdout.write('b\n');
    output.Stream(collected, 'stderr').write('c\n');
    stdout.flush();
    assert.deepEqual(posts.slice(1), [
      ['stdout', 'b\n'],
      ['stderr', 'c\n'],
    ]);
    stdout.write('d\ne\n');
    assert.isTrue(collected.truncated);
    assert.equal(posts.map(([, text]) => text).join(''), 'a\nb\nc\n', 'nothing past 3 lines');
    assert.deepEqual(plain(collected.take()), [], 'nothing is left to take');
    assert.throws(() => stdout.write(5), /must be str, not int/);
  });

  test('sleep: refuses a negative time and shows what was printed before it waits', () => {
    const sleep = module('sleep');
    assert.throws(() => sleep.sleep(-1), /non-negative/);
    const flushed = pyodide.runPython(
      'import io, sys\nclass Counting(io.StringIO):\n    flushes = 0\n    def flush(self):\n        Counting.flushes += 1\nCounting',
    );
    const sys = pyodide.pyimport('sys');
    const saved = sys.stdout;
    sys.stdout = flushed();
    try {
      sleep.sleep(0);
    } finally {
      sys.stdout = saved;
    }
    assert.equal(flushed.flushes, 1);
  });

  test('tracebacks: start at the cell and leave out exactly the hidden files', () => {
    const tracebacks = module('tracebacks');
    pyodide.runPython('def fail():\n    raise ValueError("deep")\n', {
      globals: pyodide.toPy({}),
      filename: '/hidden/library.py',
    });
    tracebacks.hide_files(['/hidden/library.py']);
    const error = pyodide.runPython(
      [
        'import linecache',
        'code = "def fail():\\n    raise ValueError(\'deep\')\\n\\ndef outer():\\n    fail()\\n\\nouter()\\n"',
        'linecache.cache["<py-state-runner>"] = (len(code), None, code.splitlines(True), "<py-state-runner>")',
        'try:',
        '    exec(compile(code, "<py-state-runner>", "exec"), {})',
        'except ValueError as caught:',
        '    error = caught',
        'error',
      ].join('\n'),
    );
    const info = plain(tracebacks.error_info(error, '<py-state-runner>')) as Record<string, string>;
    assert.equal(info.type, 'ValueError');
    assert.equal(info.message, 'deep');
    assert.match(
      info.traceback,
      /^Traceback \(most recent call last\):\n {2}File "<py-state-runner>", line 7/,
    );
    assert.include(info.traceback, 'line 5, in outer');
    assert.include(
      info.traceback,
      'line 2, in fail',
      'a cell named like the host keeps its frames',
    );
    assert.notInclude(info.traceback, 'exec(compile', 'frames before the cell are left out');
  });

  test('values: NULL crosses as null, big integers and blobs as text', () => {
    const values = module('values');
    const cells = plain(
      pyodide.runPython('[shown(v) for v in [None, 2**60, b"abc", float("nan"), 7, "x" * 300]]', {
        globals: pyodide.toPy({ shown: values.shown }),
      }),
    );
    assert.deepEqual((cells as unknown[]).slice(0, 5), [
      null,
      '1152921504606846976',
      '<3 bytes>',
      'nan',
      7,
    ]);
    assert.lengthOf(
      (cells as string[])[5],
      201,
      'long text is cut to 200 characters and an ellipsis',
    );
  });

  test('inspection, preview and export read a database and leave it as it was', () => {
    makeDatabase(`${WORK}/people.db`);
    pyodide.FS.writeFile(`${WORK}/notes.json`, '{"b": [1, 2]}');
    const before = pyodide.FS.readFile(`${WORK}/people.db`);
    const report = plain(module('inspection').inspect(WORK, ['people.db', 'notes.json']));
    assert.deepEqual(report, [
      {
        path: 'people.db',
        tables: [{ name: 'people', columns: ['name', 'age', 'photo'], rowCount: 2 }],
      },
    ]);
    const database = plain(module('preview').preview(WORK, 'people.db', 1)) as {
      tables: { rows: unknown[][] }[];
    };
    assert.deepEqual(database.tables[0]!.rows, [['Ada', 36, '<2 bytes>']]);
    assert.deepEqual(plain(module('preview').preview(WORK, 'notes.json', 20)), {
      kind: 'json',
      path: 'notes.json',
      text: '{\n  "b": [\n    1,\n    2\n  ]\n}',
      truncated: false,
    });
    assert.deepEqual(plain(module('export').export_table(WORK, 'people.db', 'people')), {
      columns: ['name', 'age', 'photo'],
      rows: [
        ['Ada', 36, '00ff'],
        ['Bob', null, null],
      ],
      done: true,
    });
    assert.throws(
      () => module('export').export_table(WORK, 'people.db', 'nobody'),
      /people\.db: no table named nobody/,
    );
    assert.deepEqual(pyodide.FS.readFile(`${WORK}/people.db`), before);
    assert.deepEqual(
      pyodide.FS.readdir(WORK)
        .filter((name: string) => !name.startsWith('.'))
        .sort(),
      ['notes.json', 'people.db'],
      'no journal or index file was written',
    );
  });

  test('inspection lists an FTS5 table over an endless view without scanning it', () => {
    makeHostileDatabase(`${WORK}/endless.db`);
    const report = plain(module('inspection').inspect(WORK, ['endless.db'])) as {
      tables: Record<string, unknown>[];
    }[];
    const byName = Object.fromEntries(report[0]!.tables.map((table) => [table.name, table]));
    assert.deepEqual(byName.docs, {
      name: 'docs',
      columns: ['body'],
      rowCount: null,
      kind: 'virtual',
      note: 'virtual: rows: not counted (not scanned)',
    });
    assert.deepEqual(byName.endless, {
      name: 'endless',
      columns: ['rowid', 'body'],
      rowCount: null,
      kind: 'view',
      note: 'view: rows: not counted (not scanned)',
    });
    const preview = plain(module('preview').preview(WORK, 'endless.db', 3)) as {
      tables: { name: string; rows: unknown[][] }[];
    };
    const view = preview.tables.find((table) => table.name === 'endless')!;
    assert.deepEqual(view.rows, [
      [1, 'row 1'],
      [2, 'row 2'],
      [3, 'row 3'],
    ]);
    assert.deepEqual(preview.tables.find((table) => table.name === 'docs')!.rows, []);
  });

  test('a query out of time is stopped by the progress handler and marked', () => {
    makeHostileDatabase(`${WORK}/slow.db`);
    assert.throws(
      () => module('export').export_table(WORK, 'slow.db', 'docs'),
      /slow\.db: docs could not be read in time/,
    );
    const chunk = plain(module('export').export_table(WORK, 'slow.db', 'endless', 0, 2));
    assert.deepEqual(chunk, {
      columns: ['rowid', 'body'],
      rows: [
        [1, 'row 1'],
        [2, 'row 2'],
      ],
      done: false,
    });
  });

  test('generated columns of 1 GB and 80 MB are listed and marked, never built', () => {
    const sqlite3 = pyodide.pyimport('sqlite3');
    const connection = sqlite3.connect(`${WORK}/zeroblob.db`);
    connection.executescript(
      'CREATE TABLE big (id INTEGER, huge BLOB GENERATED ALWAYS AS (zeroblob(999999999)) VIRTUAL,' +
        ' long TEXT GENERATED ALWAYS AS (hex(zeroblob(40000000))) VIRTUAL);' +
        'INSERT INTO big (id) VALUES (1), (2);',
    );
    connection.commit();
    connection.close();
    const memory = () => (pyodide as unknown as { _module: { HEAP8: Int8Array } })._module.HEAP8;
    const before = memory().length;
    const report = plain(module('inspection').inspect(WORK, ['zeroblob.db'])) as {
      tables: { columns: string[]; rowCount: number }[];
    }[];
    assert.deepEqual(report[0]!.tables[0]!.columns, ['id', 'huge', 'long'], 'generated columns');
    assert.equal(report[0]!.tables[0]!.rowCount, 2);
    const preview = plain(module('preview').preview(WORK, 'zeroblob.db', 20)) as {
      tables: { rows: unknown[][] }[];
    };
    // No value over 64 MB is ever built, so neither column can be read.
    assert.deepEqual(preview.tables[0]!.rows, [
      [1, '<too large to show>', '<too large to show>'],
      [2, '<too large to show>', '<too large to show>'],
    ]);
    assert.isBelow(memory().length - before, 256 * 1024 * 1024, 'no 1 GB value was built');
  });

  test('a WAL database without its -shm is copied once per version, not per read', () => {
    pyodide.runPython(`
import os, shutil, sqlite3
source = "${WORK}/wal-source.db"
connection = sqlite3.connect(source)
connection.execute("PRAGMA journal_mode=WAL")
connection.execute("PRAGMA wal_autocheckpoint=0")
connection.execute("CREATE TABLE t (x)")
connection.execute("INSERT INTO t VALUES (1)")
connection.commit()
# The files as Load puts them back: the database and its WAL, no -shm.
shutil.copyfile(source, "${WORK}/wal.db")
shutil.copyfile(source + "-wal", "${WORK}/wal.db-wal")
connection.close()
`);
    const files = module('sqlite_files');
    const shutil = files.shutil;
    const copied: string[] = [];
    const original = shutil.copyfile;
    shutil.copyfile = (from: string, to: string) => {
      copied.push(from);
      return original(from, to);
    };
    try {
      for (let read = 0; read < 3; read++) {
        const shown = plain(module('preview').preview(WORK, 'wal.db', 5)) as {
          tables: { rows: unknown[][] }[];
        };
        assert.deepEqual(shown.tables[0]?.rows, [[1]], "the WAL's commit is read");
      }
      assert.deepEqual(
        copied,
        [`${WORK}/wal.db`, `${WORK}/wal.db-wal`],
        'one copy for three reads',
      );
      pyodide.runPython(`
connection = sqlite3.connect("${WORK}/wal-source.db")
connection.execute("PRAGMA wal_autocheckpoint=0")
connection.execute("INSERT INTO t VALUES (2)")
connection.commit()
shutil.copyfile("${WORK}/wal-source.db", "${WORK}/wal.db")
shutil.copyfile("${WORK}/wal-source.db-wal", "${WORK}/wal.db-wal")
connection.close()
`);
      const changed = plain(module('preview').preview(WORK, 'wal.db', 5)) as {
        tables: { rows: unknown[][] }[];
      };
      assert.deepEqual(changed.tables[0]!.rows, [[1], [2]], 'a new version is copied again');
    } finally {
      shutil.copyfile = original;
    }
    assert.notInclude(pyodide.FS.readdir(WORK), 'wal.db-shm', 'nothing was written beside it');
  });

  test('inspection reports a file it cannot read on its own and goes on', () => {
    makeDatabase(`${WORK}/good.db`);
    const report = plain(module('inspection').inspect(WORK, ['missing-\uDC80.db', 'good.db'])) as {
      path: string;
    }[];
    assert.deepEqual(
      report.map((database) => database.path),
      ['good.db'],
    );
  });

  test('run: runs in the env folder and namespace and returns the outcome as a dict', async () => {
    const run = module('run');
    const posts: [string, string][] = [];
    const post = (stream: string, text: string) => posts.push([stream, text]);
    const folder = `${WORK}/run-env`;
    const ok = plain(
      await run.run(
        'run-env',
        folder,
        'import os\nprint("hi")\nos.getcwd()',
        '<run-env>',
        post,
        100,
        1000,
      ),
    );
    assert.deepEqual(ok, { result: `'${folder}'`, truncated: false, tail: [] });
    assert.deepEqual(posts, [['stdout', 'hi\n']], 'the first line goes out as it ends');
    posts.length = 0;
    // No batch falls due by time in this test, however slow the machine.
    const { Output } = module('output');
    const batchSeconds = Output.FLUSH_SECONDS;
    Output.FLUSH_SECONDS = 3600;
    let quiet: unknown;
    try {
      quiet = plain(
        await run.run(
          'run-env',
          folder,
          'print("a", end="")\nprint("b")\nprint("c")',
          '<run-env>',
          post,
          100,
          1000,
        ),
      );
    } finally {
      Output.FLUSH_SECONDS = batchSeconds;
    }
    assert.deepEqual(posts, [['stdout', 'ab\n']]);
    assert.deepEqual(
      quiet,
      { truncated: false, tail: [['stdout', 'c\n']] },
      'what the run wrote after its last post comes back with its outcome',
    );
    const failed = plain(
      await run.run('run-env', folder, '1 / 0', '<run-env>', post, 100, 1000),
    ) as {
      error: { type: string; traceback: string };
    };
    assert.equal(failed.error.type, 'ZeroDivisionError');
    assert.include(failed.error.traceback, 'File "<run-env>", line 1');
  });

  test('compiling: the last value as Pyodide’s CodeRunner gives it, compiled once per source', async () => {
    const compiling = module('compiling');
    const { CodeRunner } = pyodide.pyimport('pyodide.code');
    const sources = [
      '1 + 1',
      '1 + 1;',
      '1 + 1  # ;',
      'x = 2; x * 3',
      'x = 2; x * 3;',
      's = "a;"\ns',
      'x = 5',
      'None',
      '',
      '# only a comment',
      '    y = 4\n    y + 1',
      'if True:\n    7\n',
      'def f():\n    return 8\nf()',
    ];
    for (const source of sources) {
      const expected = CodeRunner(source).compile().run(pyodide.toPy({}));
      const code = compiling.compile_cell(source, '<compiling-test>');
      assert.strictEqual(
        compiling.run_compiled(code, pyodide.toPy({})),
        expected,
        `the value of ${JSON.stringify(source)}`,
      );
    }
    const awaiting = compiling.compile_cell(
      'import asyncio\nawait asyncio.sleep(0)\n41 + 1',
      '<compiling-test>',
    );
    assert.isTrue(compiling.awaits(awaiting));
    assert.equal(await compiling.run_compiled_async(awaiting, pyodide.toPy({})), 42);
    const lastAwaits = compiling.compile_cell(
      'async def five():\n    return 5\nawait five()',
      '<compiling-test>',
    );
    assert.isTrue(compiling.awaits(lastAwaits), 'an await in the last expression counts');
    assert.equal(await compiling.run_compiled_async(lastAwaits, pyodide.toPy({})), 5);
    assert.isFalse(compiling.awaits(compiling.compile_cell('1 + 1', '<compiling-test>')));
    // CodeRunner hands the value back by raising a builtin that a cell could replace.
    const withoutBuiltins = pyodide.runPython('{"__builtins__": {}}');
    assert.equal(
      compiling.run_compiled(compiling.compile_cell('x = 2\nx * 3', '<c>'), withoutBuiltins),
      6,
      'no name is looked up to hand the value back',
    );
    const syntaxErrorLine = pyodide.runPython(
      'def caught(compile_cell):\n    try:\n        compile_cell("x = 1\\nif x\\n    pass", "<c>")\n    except SyntaxError as error:\n        return error.lineno\ncaught',
    );
    assert.equal(syntaxErrorLine(compiling.compile_cell), 2, 'a syntax error names its line');

    const isSame = pyodide.runPython('lambda a, b: a is b');
    const first = compiling.compile_cell('print(1)', '<cell-a>');
    assert.isTrue(
      isSame(first, compiling.compile_cell('print(1)', '<cell-a>')),
      'the same source runs the same code object again',
    );
    assert.isFalse(
      isSame(first, compiling.compile_cell('print(1)', '<cell-b>')),
      'another cell compiles its own: the file name is in its tracebacks',
    );
    for (let index = 0; index < compiling.KEEP + 5; index++) {
      compiling.compile_cell(`print(${index})`, '<many>');
    }
    assert.equal(compiling._kept.length, compiling.KEEP, 'at most KEEP sources are kept');
  });
});
