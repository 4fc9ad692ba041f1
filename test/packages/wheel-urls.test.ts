import { assert } from 'chai';
import { configure } from '../../src/index.js';
import { sharedRuntime } from '../../src/runtime/shared-runtime.js';
import { addCell, nextEvent, outputText, PYODIDE_URL, removeCells } from '../helpers.js';
import { recordProgress, wheel } from './packages-helpers.js';

suite('packages: wheel URLs in the packages attribute', () => {
  suiteSetup(() => configure({ indexURL: PYODIDE_URL }));
  teardown(() => removeCells());

  test('a relative wheel URL is loaded before the first run, with its bytes reported', async () => {
    const cell = await addCell('import psr_greet\npsr_greet.hello("Ada")', {
      packages: wheel('psr_greet'),
    });
    const progress = recordProgress(cell);
    const result = await cell.run();
    assert.isTrue(result.ok, result.error?.message);
    assert.equal(result.result, "'Hello, Ada!'");
    const greet = progress.filter((event) => event.name === 'psr_greet');
    assert.isNotEmpty(greet, 'package-progress named the wheel');
    const size = (await (await fetch(wheel('psr_greet'))).arrayBuffer()).byteLength;
    const last = greet[greet.length - 1]!;
    assert.equal(last.loaded, size, 'the last event counts every byte of the wheel');
    assert.equal(last.total, size);
    assert.isTrue(
      greet.every((event) => event.status === 'loading'),
      'the cell says loading meanwhile',
    );
  });

  test('one wheel used by two cells is loaded once', async () => {
    const packages = `${wheel('psr_counter')}, ${wheel('psr_greet')}`;
    const first = await addCell('import psr_counter\npsr_counter.increment()', { packages });
    const second = await addCell('import psr_counter\npsr_counter.increment()', { packages });
    const firstProgress = recordProgress(first);
    const secondProgress = recordProgress(second);
    assert.equal((await first.run()).result, '1');
    assert.equal((await second.run()).result, '2', 'the module was not installed again');
    assert.isNotEmpty(firstProgress.filter((event) => event.name === 'psr_counter'));
    assert.isEmpty(secondProgress, 'the second cell downloaded nothing');
  });

  test('a wheel URL that fails gives a package error naming it and where it was, and Python stays usable', async () => {
    const missing = wheel('psr_gone');
    const cell = await addCell('print("should not run")', { packages: missing });
    const ended = nextEvent(cell, 'run-end');
    const result = await cell.run();
    assert.isFalse(result.ok);
    assert.equal(result.error?.kind, 'package');
    assert.equal(result.error?.type, 'PackageError');
    assert.include(result.error!.message, 'psr_gone');
    assert.include(result.error!.message, new URL(missing, document.baseURI).href);
    assert.equal(result.stdout, '', 'the code did not run');
    assert.equal((await ended).detail, result);
    assert.include(outputText(cell), 'psr_gone');
    const other = await addCell('print(6 * 7)');
    assert.equal((await other.run()).stdout, '42\n', 'other cells keep working');
  });

  test('a wheel built for Windows is refused before download, with kind package', async () => {
    const cell = await addCell('import psr_native', {
      packages: wheel('psr_native', 'cp314-cp314-win_amd64'),
    });
    const result = await cell.run();
    assert.equal(result.error?.kind, 'package');
    assert.match(result.error!.message, /psr_native.*win_amd64.*Pyodide/);
    const check = await addCell('import importlib.util\nimportlib.util.find_spec("psr_native")');
    assert.equal((await check.run()).result, undefined, 'nothing was installed');
  });

  test('a packages entry that is neither a name nor a wheel URL is refused, and nothing runs', async () => {
    const cell = await addCell('print("ran")', { packages: 'psr_greet not$valid' });
    const result = await cell.run();
    assert.equal(result.error?.kind, 'package');
    assert.include(result.error!.message, '"not$valid"');
    assert.equal(result.stdout, '');
    assert.equal(cell.status, 'idle');
  });

  test('packages loaded before a Stop are loaded again by the new runtime', async () => {
    const loader = await addCell('import psr_counter', { packages: wheel('psr_counter') });
    assert.isTrue((await loader.run()).ok);
    const sleeper = await addCell('import time\ntime.sleep(60)');
    const started = nextEvent(sleeper, 'run-start');
    const running = sleeper.run();
    await started;
    const restarted = nextEvent(sharedRuntime(), 'restarted');
    await sleeper.stop();
    await restarted;
    assert.equal((await running).error?.kind, 'stopped');
    // No packages attribute here: only the reload can have brought it back.
    const user = await addCell('import psr_counter\npsr_counter.increment()');
    const result = await user.run();
    assert.isTrue(result.ok, result.error?.traceback);
    assert.equal(result.result, '1', 'a fresh runtime, with the package installed again');
  });
});
