import { assert } from 'chai';
import { configure } from '../../src/index.js';
import { addCell, outputText, PYODIDE_URL, removeCells } from '../helpers.js';
import { recordProgress, TEST_LOCK_FILE, WHEELS } from './packages-helpers.js';

/*
 * numpy and pandas cannot be fetched here (offline). A small lock file lists
 * the test wheels instead, and packageBaseURL points at the test server, so
 * a package name or an import takes the path `numpy` takes to the CDN.
 */
suite('packages: names from the lock file, and imports that load them', () => {
  const base = new URL(WHEELS, document.baseURI).href;

  suiteSetup(() =>
    configure({ indexURL: PYODIDE_URL, lockFileURL: TEST_LOCK_FILE, packageBaseURL: WHEELS }),
  );
  teardown(() => removeCells());

  test('a Pyodide package name in packages loads from packageBaseURL', async () => {
    const cell = await addCell('import psr_greet\npsr_greet.hello("Grace")', {
      packages: 'psr_greet',
    });
    const progress = recordProgress(cell);
    const result = await cell.run();
    assert.isTrue(result.ok, result.error?.message);
    assert.equal(result.result, "'Hello, Grace!'");
    assert.isNotEmpty(progress.filter((event) => event.name === 'psr_greet'));
  });

  test('an import of a package the lock file knows loads it before the run', async () => {
    const cell = await addCell('import psr_counter\npsr_counter.increment()');
    const progress = recordProgress(cell);
    const result = await cell.run();
    assert.isTrue(result.ok, result.error?.traceback);
    assert.equal(result.result, '1');
    assert.isNotEmpty(
      progress.filter((event) => event.name === 'psr_counter'),
      'the import started a download',
    );
  });

  test('a listed package whose download fails names itself and the folder, and Python stays usable', async () => {
    const cell = await addCell('import psr_absent\nprint("should not run")');
    const result = await cell.run();
    assert.isFalse(result.ok);
    assert.equal(result.error?.kind, 'package');
    assert.include(result.error!.message, 'psr-absent', 'the name as the lock file writes it');
    assert.include(result.error!.message, base);
    assert.equal(result.stdout, '');
    assert.include(outputText(cell), 'psr-absent');
    const other = await addCell('import psr_greet\npsr_greet.hello("again")');
    assert.equal((await other.run()).result, "'Hello, again!'", 'other cells keep working');
  });

  test('a name the lock file lacks goes to micropip, and its failure names the package and the lock file', async () => {
    // micropip itself is not in the test lock file, as it is not in the npm
    // package offline: the error must say so rather than hang.
    const cell = await addCell('print("should not run")', { packages: 'psr_nowhere' });
    const result = await cell.run();
    assert.equal(result.error?.kind, 'package');
    assert.include(result.error!.message, 'psr_nowhere');
    assert.include(result.error!.message, new URL(TEST_LOCK_FILE, document.baseURI).href);
    assert.include(result.error!.message, 'micropip');
    assert.equal(result.stdout, '');
  });
});
