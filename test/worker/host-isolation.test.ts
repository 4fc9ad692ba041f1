import { assert } from 'chai';
import '../../src/index.js';
import { sharedRuntime } from '../../src/runtime/shared-runtime.js';
import { addCell, removeCells, useLocalPyodide } from '../helpers.js';

/**
 * What a cell's code could try against the host (#12): import it under its
 * old name or its new one, then replace or wrap every function of every
 * module of ours it can find, and plant a fake `_psr_host`. It answers with
 * the names it found; `_spied` collects every call its wrappers saw.
 */
const ATTACK = `
import builtins
import sys
import types

found = []
for name in ("_psr_host", "_py_state_runner", "_py_state_runner.host",
             "_py_state_runner.run", "_py_state_runner.preview",
             "_py_state_runner.inspection", "_py_state_runner.export",
             "_py_state_runner.namespaces"):
    try:
        __import__(name)
        found.append(name)
    except ImportError:
        pass

builtins._spied = []

def spy(name, original):
    def wrapper(*args, **kwargs):
        builtins._spied.append((name, [str(arg)[:100] for arg in args]))
        return original(*args, **kwargs)
    return wrapper

for module_name, module in list(sys.modules.items()):
    if "psr" in module_name or "state_runner" in module_name:
        found.append(module_name)
        for attribute, value in list(vars(module).items()):
            if callable(value) and not isinstance(value, type):
                setattr(module, attribute, spy(attribute, value))

fake = types.ModuleType("_psr_host")
fake.preview = lambda *args: {"kind": "text", "path": "fake", "text": "FAKE", "truncated": False}
fake.inspect = lambda *args: []
fake.export_table = lambda *args: {"columns": ["fake"], "rows": []}
fake.run = spy("run", lambda *args: None)
sys.modules["_psr_host"] = fake
sorted(set(found))
`;

const VICTIM = `
import sqlite3
connection = sqlite3.connect("ledger.db")
connection.execute("CREATE TABLE entries (label TEXT, amount INTEGER)")
connection.executemany("INSERT INTO entries VALUES (?, ?)", [("rent", 900), ("food", 300)])
connection.commit()
connection.close()
secret_of_victim = "s3cr3t-" + "code"
`;

suite("the host's functions are out of reach of a cell's code", () => {
  suiteSetup(() => useLocalPyodide());
  teardown(() => removeCells());

  test('a cell finds the host under no name, old or new', async () => {
    const attacker = await addCell(ATTACK);
    const result = await attacker.run();
    assert.isTrue(result.ok, result.error?.traceback);
    assert.equal(result.result, '[]');
  });

  test('patching the host has no effect on another cell: its panel shows its folder and its code stays unseen', async () => {
    const attacker = await addCell(ATTACK);
    assert.isTrue((await attacker.run()).ok);
    const victim = await addCell(VICTIM);
    const ran = await victim.run();
    assert.isTrue(ran.ok, ran.error?.traceback);

    const report = await victim.inspectState();
    assert.deepEqual(report.databases, [
      {
        path: 'ledger.db',
        tables: [{ name: 'entries', columns: ['label', 'amount'], rowCount: 2 }],
      },
    ]);
    const client = sharedRuntime();
    const preview = await client.call('preview', {
      env: victim.env,
      path: 'ledger.db',
      rowLimit: 5,
    });
    assert.deepEqual(preview.kind === 'sqlite' && preview.tables[0]!.rows, [
      ['rent', 900],
      ['food', 300],
    ]);
    const exported = await client.call('exportTable', {
      env: victim.env,
      path: 'ledger.db',
      table: 'entries',
      offset: 0,
      limit: -1,
    });
    assert.deepEqual(exported.columns, ['label', 'amount']);

    attacker.code = 'import builtins\nrepr(builtins._spied)';
    const spied = await attacker.run();
    assert.equal(spied.result, "'[]'", "no wrapper saw a call, nor the victim's code");
  });

  test("a cell that replaces Pyodide's last-value builtin does not see another cell's last value", async () => {
    // Pyodide's CodeRunner hands the last value back by raising this builtin.
    const attacker = await addCell(
      [
        'import builtins',
        'original = builtins.___EvalCodeResultException[0]',
        'class Spy(original):',
        '    def __init__(self, value):',
        '        builtins._seen_values.append(repr(value))',
        '        super().__init__(value)',
        'builtins._seen_values = []',
        'builtins.___EvalCodeResultException = [Spy]',
      ].join('\n'),
    );
    assert.isTrue((await attacker.run()).ok);
    const victim = await addCell('"s3cr3t-" + "value"');
    assert.equal((await victim.run()).result, "'s3cr3t-value'");
    attacker.code = 'import builtins\nrepr(builtins._seen_values)';
    assert.equal((await attacker.run()).result, "'[]'");
  });
});
