// saveState() and loadState() of a cell holding one large SQLite database, against the floor of
// the same bytes in a bare Pyodide worker on the same page (read + base64 + sha256 to save;
// base64 decode + sha256 + write to load), with the longest main-thread task during each.
// A second page (state.html?probe) runs the cell's real worker with timers around the built-ins
// and file-system calls it makes, to show where the time goes; its figures are not the ones above.

import { launchBrowser, watchPage, within } from '../lib/browser.mjs';
import { medianSteps } from '../lib/probe.mjs';
import { formatBytes, formatSummary, summarize } from '../lib/stats.mjs';

/** saveState / loadState may cost at most this much over the floor, as a ratio of medians. */
export const targetRatio = 1.5;
/** The longest main-thread task during a save or a load must stay under this. */
export const targetLongTaskMs = 100;

const MEBIBYTE = 1024 * 1024;
const databaseSizes = [10 * MEBIBYTE, 50 * MEBIBYTE];
/** A 50 MiB save and load take about a second together: fewer runs than first-output's 5. */
const defaultRuns = 3;
const pagePath = 'bench/pages/state.html';

/**
 * @param {import('puppeteer-core').Page} page
 * @param {string} url
 * @param {ReturnType<typeof watchPage>} watch
 */
async function openPage(page, url, watch) {
  const label = url.endsWith('?probe') ? 'state.html?probe' : 'state.html';
  await within(page.goto(url, { waitUntil: 'domcontentloaded' }), `${label}: navigation`, watch);
  await within(
    page.waitForFunction(() => window.stateBenchReady, { polling: 50, timeout: 0 }),
    `${label}: page script`,
    watch,
  );
  const started = await within(
    page.evaluate(() => window.stateBench.start()),
    `${label}: loading the bundle and the floor worker`,
    watch,
  );
  /** Calls `window.stateBench[method](...args)` on the page, within the step time limit. */
  const call = (what, method, ...args) =>
    within(
      page.evaluate((name, values) => window.stateBench[name](...values), method, args),
      `${label}: ${what}`,
      watch,
    );
  return { started, call };
}

/** Saves and loads one database size `runs` times, each next to its floor, in ABBA order. */
async function measureSize(call, targetBytes, { runs, warmup }, log) {
  const name = formatBytes(targetBytes);
  const created = await call(`creating a ${name} database`, 'createDatabase', targetBytes);
  log(`  ${name}: big.db is ${created.size} bytes (written in ${Math.round(created.ms)} ms)`);
  const samples = { save: [], load: [], floorSave: [], floorLoad: [], readStateFile: [] };
  const longTasks = { save: [], load: [] };
  const floorSteps = { save: [], load: [] };
  let stateFileBytes = null;
  for (let round = 1 - warmup; round <= runs; round++) {
    const tag = round < 1 ? 'warm-up' : `run ${round}/${runs}`;
    // Alternating which of the two goes first cancels drift within a size.
    const pair = async (operation) => {
      const floorMethod = operation === 'save' ? 'floorSave' : 'floorLoad';
      const cell = () => call(`${name}, ${tag}: ${operation}State`, operation);
      const floor = () => call(`${name}, ${tag}: floor of ${operation}`, floorMethod);
      if (round % 2 !== 0) return [await cell(), await floor()];
      const floorResult = await floor();
      return [await cell(), floorResult];
    };
    const [save, floorSave] = await pair('save');
    const [load, floorLoad] = await pair('load');
    const readText = await call(`${name}, ${tag}: reading the state file`, 'floorReadStateFile');
    stateFileBytes = save.blobBytes;
    log(
      `    ${tag.padEnd(10)} save ${Math.round(save.ms)} ms (floor ${Math.round(floorSave.totalMs)})` +
        `  load ${Math.round(load.ms)} ms (floor ${Math.round(floorLoad.totalMs)})` +
        `  longest task: save ${formatLongTask(save.longTasks.maxMs)},` +
        ` load ${formatLongTask(load.longTasks.maxMs)}${round < 1 ? '  (discarded)' : ''}`,
    );
    if (round < 1) continue;
    samples.save.push(save.ms);
    samples.load.push(load.ms);
    samples.floorSave.push(floorSave.totalMs);
    samples.floorLoad.push(floorLoad.totalMs);
    samples.readStateFile.push(readText.totalMs);
    longTasks.save.push(save.longTasks);
    longTasks.load.push(load.longTasks);
    floorSteps.save.push(floorSave);
    floorSteps.load.push(floorLoad);
  }
  const summary = Object.fromEntries(
    Object.entries(samples).map(([key, values]) => [key, summarize(values)]),
  );
  const ratioOf = (cell, floor) =>
    cell.median !== null && floor.median ? cell.median / floor.median : null;
  const longest = (tasks) => ({
    maxMs: Math.max(0, ...tasks.map((task) => task.maxMs)),
    medianBlockedMs: summarize(tasks.map((task) => task.totalMs)).median,
  });
  const stepMedian = (list, key) => summarize(list.map((item) => item[key])).median;
  return {
    targetBytes,
    databaseBytes: created.size,
    stateFileBytes,
    samples,
    summary,
    ratio: {
      save: ratioOf(summary.save, summary.floorSave),
      load: ratioOf(summary.load, summary.floorLoad),
      // Not the target: loadState against a floor that also reads the state file as text.
      loadWithReading: ratioOf(summary.load, {
        median: summary.floorLoad.median + summary.readStateFile.median,
      }),
    },
    longestTask: { save: longest(longTasks.save), load: longest(longTasks.load) },
    longTasks,
    floorMedians: {
      save: Object.fromEntries(
        ['readMs', 'base64Ms', 'sha256Ms'].map((key) => [key, stepMedian(floorSteps.save, key)]),
      ),
      load: Object.fromEntries(
        ['decodeMs', 'sha256Ms', 'writeMs'].map((key) => [key, stepMedian(floorSteps.load, key)]),
      ),
    },
  };
}

/** Saves and loads on the probe page; the medians of its step timers over the measured rounds. */
async function probeSize(call, targetBytes, { runs, warmup }) {
  const name = formatBytes(targetBytes);
  await call(`creating a ${name} database`, 'createDatabase', targetBytes);
  const rounds = { save: [], load: [] };
  for (let round = 1 - warmup; round <= runs; round++) {
    const save = await call(`${name}, probe round ${round}: saveState`, 'save');
    const load = await call(`${name}, probe round ${round}: loadState`, 'load');
    if (round < 1) continue;
    rounds.save.push(save);
    rounds.load.push(load);
  }
  return { save: medianSteps(rounds.save), load: medianSteps(rounds.load) };
}

function formatRatio(ratio) {
  if (ratio === null) return '—';
  return `${ratio.toFixed(2)}× ${ratio <= targetRatio ? 'ok' : 'OVER'}`;
}

function formatLongTask(ms) {
  if (ms === null) return '—';
  if (ms === 0) return '< 50 ms ok';
  return `${Math.round(ms)} ms ${ms < targetLongTaskMs ? 'ok' : 'OVER'}`;
}

const ms = (value) => `${Math.round(value)} ms`;

function logSummary(log, sizes, runs) {
  log('');
  log(`  median (min–max) of ${runs} runs; floor = a bare Pyodide worker on the same page`);
  const widths = [10, 22, 22, 14];
  const row = (...cells) =>
    log(`  ${cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join('')}`.trimEnd());
  for (const entry of sizes) {
    log('');
    log(
      `  ${formatBytes(entry.databaseBytes)} database, state file ${formatBytes(entry.stateFileBytes)}`,
    );
    row('', 'cell', 'floor', 'cell / floor', 'longest main-thread task');
    for (const operation of ['save', 'load']) {
      const floorKey = operation === 'save' ? 'floorSave' : 'floorLoad';
      const { maxMs, medianBlockedMs } = entry.longestTask[operation];
      row(
        `  ${operation}`,
        formatSummary(entry.summary[operation]),
        formatSummary(entry.summary[floorKey]),
        formatRatio(entry.ratio[operation]),
        `${formatLongTask(maxMs)}${medianBlockedMs ? ` (blocked ${ms(medianBlockedMs)})` : ''}`,
      );
    }
    const { save, load } = entry.floorMedians;
    log(
      `    floor: save = read ${ms(save.readMs)} + base64 ${ms(save.base64Ms)} + sha256 ` +
        `${ms(save.sha256Ms)}; load = decode ${ms(load.decodeMs)} + sha256 ${ms(load.sha256Ms)}` +
        ` + write ${ms(load.writeMs)}`,
    );
    const reading = entry.summary.readStateFile.median;
    log(
      `    reading the state file as text (Blob.text(), which the load floor leaves out): ` +
        `${ms(reading)}; load / (floor + reading) = ${entry.ratio.loadWithReading.toFixed(2)}×`,
    );
  }
  log('');
  log(
    `  targets: cell / floor ≤ ${targetRatio.toFixed(2)}× (ratio of medians); longest ` +
      `main-thread task < ${targetLongTaskMs} ms (worst of the runs; "blocked": median sum of long tasks)`,
  );
}

function logProbe(log, sizes, runs) {
  log('');
  log(`  where the time goes: state.html?probe, the same worker with timers, medians of ${runs}`);
  for (const entry of sizes) {
    log(`  ${formatBytes(entry.databaseBytes)} database`);
    for (const operation of ['save', 'load']) {
      const { pageMs, requests } = entry.probe[operation];
      log(`    ${operation}State: ${ms(pageMs)} on the page`);
      for (const request of requests) {
        const transferred = request.transferredBytes
          ? `, ${formatBytes(request.transferredBytes)} transferred`
          : '';
        log(
          `      worker ${request.method}: ${ms(request.handledMs)} from request to answer` +
            ` (posting it ${request.postMs.toFixed(1)} ms${transferred})`,
        );
        for (const step of request.steps) {
          if (step.ms < 0.5) continue;
          const longest = step.calls > 1 ? `, longest ${ms(step.longestMs)}` : '';
          log(
            `        ${step.name.padEnd(34)}${ms(step.ms).padStart(8)}  ×${step.calls}${longest}`,
          );
        }
        log(`        ${'(rest: our JS, Python, GC)'.padEnd(34)}${ms(request.restMs).padStart(8)}`);
      }
      log(`      on the page and between threads: ${ms(entry.probe[operation].outsideMs)}`);
    }
  }
}

/** @type {import('../run.mjs').BenchSection} */
export const stateSaveLoadSection = {
  id: 'state-save-load',
  title: 'saveState / loadState of a SQLite database, against the floor in a bare worker',
  async run({ baseURL, options, log }) {
    const plan = {
      runs: options.runsGiven ? options.runs : defaultRuns,
      warmup: Math.min(options.warmup, 1),
    };
    const errors = [];
    const sizes = [];
    let environment;
    let longTaskCheckMs = null;

    const { browser, close } = await launchBrowser();
    try {
      const page = (await browser.pages())[0];
      const watch = watchPage(page);
      try {
        const { started, call } = await openPage(page, baseURL + pagePath, watch);
        environment = started;
        if (!started.hasBase64) log('  warning: no Uint8Array.fromBase64 in this browser');
        if (!started.crossOriginIsolated) log('  warning: state.html is not cross-origin isolated');
        longTaskCheckMs = await call('long-task check', 'checkLongTaskObserver');
        if (!(longTaskCheckMs >= 100)) {
          const message = `a 120 ms busy task showed as a long task of ${longTaskCheckMs} ms: the long-task figures cannot be trusted`;
          errors.push({ message });
          log(`  warning: ${message}`);
        }
        for (const targetBytes of databaseSizes) {
          sizes.push(await measureSize(call, targetBytes, plan, log));
        }
      } finally {
        watch.stop();
        await page.close();
      }

      // A page of its own, so that the timers cannot touch the figures above.
      const probePage = await browser.newPage();
      const probeWatch = watchPage(probePage);
      try {
        const { call } = await openPage(probePage, `${baseURL + pagePath}?probe`, probeWatch);
        for (const entry of sizes) entry.probe = await probeSize(call, entry.targetBytes, plan);
      } catch (error) {
        errors.push({ message: `probe: ${error.message}` });
        log(`  probe FAILED: ${error.message}`);
      } finally {
        probeWatch.stop();
      }
    } finally {
      await close();
    }

    logSummary(log, sizes, plan.runs);
    const probed = sizes.filter((entry) => entry.probe);
    if (probed.length) logProbe(log, probed, plan.runs);

    return {
      ...plan,
      targetRatio,
      targetLongTaskMs,
      environment,
      longTaskCheckMs,
      sizes,
      errors,
    };
  },
};
