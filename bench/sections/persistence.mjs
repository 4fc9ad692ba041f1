// A cell holding a 10 MB stored state against the same page with empty storage: time to the
// restored code in the editor and to the first output; bytes written to IndexedDB by a run that
// changes nothing and by one that changes a 1 KB file; whether a run's result waits for its
// save; a warm print(1) through a cell against a bare Pyodide worker on the same page.

import { launchBrowser, measurePage } from '../lib/browser.mjs';
import { formatSummary, summarize } from '../lib/stats.mjs';
import { checkTarget, formatCheck } from '../lib/targets.mjs';

const page = 'bench/pages/persistence.html';

/** @type {import('../run.mjs').BenchSection} */
export const persistenceSection = {
  id: 'persistence',
  title: 'Persistence: a 10 MB stored state, autosave cost',
  async run({ urls, options, log }) {
    const runs = options.runsGiven ? options.runs : 3;
    const base = urls.plain + page;
    const samples = { stored: { code: [], output: [] }, empty: { code: [], output: [] } };
    const errors = [];
    let extra;
    for (let index = 0; index < runs; index++) {
      // One profile per round: the seed fills its IndexedDB and warms its caches for both visits.
      const { browser, close } = await launchBrowser();
      try {
        const [tab] = await browser.pages();
        const name = `bench-${index}`;
        await measurePage(tab, `${base}?step=seed&name=${name}`, `seed ${index}`);
        const order = index % 2 === 0 ? ['stored', 'empty'] : ['empty', 'stored'];
        for (const kind of order) {
          await tab.goto('about:blank');
          const visitName = kind === 'stored' ? name : `empty-${index}`;
          const url = `${base}?step=visit&name=${visitName}${kind === 'stored' ? '&stored' : ''}`;
          const result = await measurePage(tab, url, `${kind} ${index}`);
          samples[kind].code.push(result.codeVisibleMs);
          samples[kind].output.push(result.firstOutputMs);
        }
        if (index === 0) {
          // A visit of its own, so its longer work cannot spoil the timed ones.
          await tab.goto('about:blank');
          extra = await measurePage(tab, `${base}?step=visit&name=${name}&stored&extra`, 'extra');
        }
      } catch (error) {
        errors.push({ run: index, message: error.message });
        log(`  run ${index}: FAILED: ${error.message}`);
      } finally {
        await close();
      }
    }
    const summary = {
      stored: { code: summarize(samples.stored.code), output: summarize(samples.stored.output) },
      empty: { code: summarize(samples.empty.code), output: summarize(samples.empty.output) },
    };
    log(`  code visible, 10 MB stored: ${formatSummary(summary.stored.code)}`);
    log(`  code visible, empty:        ${formatSummary(summary.empty.code)}`);
    log(`  first output, 10 MB stored: ${formatSummary(summary.stored.output)}`);
    log(`  first output, empty:        ${formatSummary(summary.empty.output)}`);
    const ratio = (a, b) => (a && b ? a / b : null);
    const codeRatio = ratio(summary.stored.code?.median, summary.empty.code?.median);
    const outputRatio = ratio(summary.stored.output?.median, summary.empty.output?.median);
    const warmRatio = extra ? extra.warmPrint.cellMs / extra.warmPrint.bareMs : null;
    if (extra) {
      log(`  bytes written by a run that changes nothing: ${extra.unchangedRunBytes}`);
      log(`  bytes written by a run that changes 1 KB of a 10 MB state: ${extra.smallChangeBytes}`);
      log(
        `  10 MB change: result after ${extra.bigChange.resolvedMs.toFixed(0)} ms, saved after ${extra.bigChange.savedMs.toFixed(0)} ms (result waited for the save: ${extra.bigChange.resultWaitedForSave})`,
      );
      log(
        `  warm print(1): cell ${extra.warmPrint.cellMs.toFixed(2)} ms, bare worker ${extra.warmPrint.bareMs.toFixed(2)} ms`,
      );
      const edited = extra.warmEditedPrint;
      log(
        `  warm print(1) edited before each run (reported only): cell ${edited.cellMs.toFixed(2)} ms, bare worker ${edited.bareMs.toFixed(2)} ms, ${(edited.cellMs / edited.bareMs).toFixed(2)}×`,
      );
    }
    const targets = [
      checkTarget('persistence: code visible, 10 MB stored / empty', codeRatio, { atMost: 1.1 }),
      checkTarget('persistence: first output, 10 MB stored / empty', outputRatio, { atMost: 1.2 }),
      checkTarget(
        'persistence: bytes written by a run that changes nothing',
        extra?.unchangedRunBytes,
        {
          atMost: 0,
          unit: ' B',
        },
      ),
      checkTarget('persistence: bytes written by a 1 KB change', extra?.smallChangeBytes, {
        atMost: 4096,
        unit: ' B',
      }),
      checkTarget(
        'persistence: the result waits for the save (1 = yes)',
        extra ? Number(extra.bigChange.resultWaitedForSave) : null,
        { atMost: 0, unit: '' },
      ),
      checkTarget('persistence: warm print(1), cell / bare worker', warmRatio, { atMost: 2 }),
    ];
    for (const check of targets) log(`  ${check.name}: ${formatCheck(check)}`);
    return { samples, summary, extra, errors, targets };
  },
};
