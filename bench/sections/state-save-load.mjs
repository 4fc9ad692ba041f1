// saveState() and loadState() of a cell holding one large SQLite database, against two floors
// done with the browser's built-ins in a bare Pyodide worker on the same page:
//   the format floor, the work a state file needs: read + base64 + sha256 + the JSON document as
//     a Blob to save; reading the Blob as text + JSON.parse + base64 decode + sha256 + write to
//     load. The cell is held to a target against this one.
//   the bytes floor, the first benchmark's: read + base64 + sha256 to save; base64 decode +
//     sha256 + write to load. Reported, so the figures stay comparable with earlier runs.
// Also the longest main-thread task during each (the responsiveness section gates frame gaps).
// A second page (state.html?probe) runs the cell's real worker with timers around the built-ins
// and file-system calls it makes, to show where the time goes; its figures are not the ones above.

import { launchBrowser, watchPage, within } from '../lib/browser.mjs';
import { medianSteps } from '../lib/probe.mjs';
import { formatBytes, formatSummary, summarize } from '../lib/stats.mjs';
import { checkTarget, formatCheck } from '../lib/targets.mjs';

/**
 * saveState / loadState may cost at most this much over the format floor, as a ratio of medians.
 * The first benchmark aimed at 1.5× over the bytes floor, which leaves out reading, parsing and
 * writing the JSON that any state file needs; that ratio is still printed, as reported only.
 */
export const targetRatio = 1.5;
/** Reported only: the longest main-thread task during a save or a load. */
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
  const samples = {
    save: [],
    load: [],
    bytesFloorSave: [],
    bytesFloorLoad: [],
    formatFloorSave: [],
    formatFloorLoad: [],
  };
  const longTasks = { save: [], load: [] };
  const floorSteps = { bytesSave: [], bytesLoad: [], formatSave: [], formatLoad: [] };
  let stateFileBytes = null;
  for (let round = 1 - warmup; round <= runs; round++) {
    const tag = round < 1 ? 'warm-up' : `run ${round}/${runs}`;
    // The cell and its two floors; alternating which goes first cancels drift within a size.
    const triple = async (operation) => {
      const suffix = operation === 'save' ? 'Save' : 'Load';
      const cell = () => call(`${name}, ${tag}: ${operation}State`, operation);
      const floors = async () => [
        await call(`${name}, ${tag}: bytes floor of ${operation}`, `floor${suffix}`),
        await call(`${name}, ${tag}: format floor of ${operation}`, `floor${suffix}Document`),
      ];
      if (round % 2 !== 0) return [await cell(), ...(await floors())];
      const floorResults = await floors();
      return [await cell(), ...floorResults];
    };
    const [save, bytesFloorSave, formatFloorSave] = await triple('save');
    const [load, bytesFloorLoad, formatFloorLoad] = await triple('load');
    stateFileBytes = save.blobBytes;
    const floors = (bytes, format) =>
      `floors ${Math.round(bytes.totalMs)} / ${Math.round(format.totalMs)}`;
    log(
      `    ${tag.padEnd(10)} save ${Math.round(save.ms)} ms (${floors(bytesFloorSave, formatFloorSave)})` +
        `  load ${Math.round(load.ms)} ms (${floors(bytesFloorLoad, formatFloorLoad)})` +
        `  longest task: save ${formatLongTask(save.longTasks.maxMs)},` +
        ` load ${formatLongTask(load.longTasks.maxMs)}${round < 1 ? '  (discarded)' : ''}`,
    );
    if (round < 1) continue;
    samples.save.push(save.ms);
    samples.load.push(load.ms);
    samples.bytesFloorSave.push(bytesFloorSave.totalMs);
    samples.bytesFloorLoad.push(bytesFloorLoad.totalMs);
    samples.formatFloorSave.push(formatFloorSave.totalMs);
    samples.formatFloorLoad.push(formatFloorLoad.totalMs);
    longTasks.save.push(save.longTasks);
    longTasks.load.push(load.longTasks);
    floorSteps.bytesSave.push(bytesFloorSave);
    floorSteps.bytesLoad.push(bytesFloorLoad);
    floorSteps.formatSave.push(formatFloorSave);
    floorSteps.formatLoad.push(formatFloorLoad);
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
  const stepMedians = (list, keys) =>
    Object.fromEntries(keys.map((key) => [key, summarize(list.map((item) => item[key])).median]));
  return {
    targetBytes,
    databaseBytes: created.size,
    stateFileBytes,
    samples,
    summary,
    ratio: {
      save: {
        format: ratioOf(summary.save, summary.formatFloorSave),
        bytes: ratioOf(summary.save, summary.bytesFloorSave),
      },
      load: {
        format: ratioOf(summary.load, summary.formatFloorLoad),
        bytes: ratioOf(summary.load, summary.bytesFloorLoad),
      },
    },
    longestTask: { save: longest(longTasks.save), load: longest(longTasks.load) },
    longTasks,
    floorMedians: {
      bytesSave: stepMedians(floorSteps.bytesSave, ['readMs', 'base64Ms', 'sha256Ms']),
      bytesLoad: stepMedians(floorSteps.bytesLoad, ['decodeMs', 'sha256Ms', 'writeMs']),
      formatSave: stepMedians(floorSteps.formatSave, [
        'readMs',
        'base64Ms',
        'sha256Ms',
        'documentMs',
      ]),
      formatLoad: stepMedians(floorSteps.formatLoad, [
        'readMs',
        'parseMs',
        'decodeMs',
        'sha256Ms',
        'writeMs',
      ]),
    },
  };
}

/** The checks of one size: the format-floor ratios gate, the rest is reported. */
function targetsOf(entry) {
  const size = `${formatBytes(entry.targetBytes)} database`;
  return ['save', 'load'].flatMap((operation) => [
    checkTarget(`${operation}State, ${size}: cell / format floor`, entry.ratio[operation].format, {
      atMost: targetRatio,
    }),
    checkTarget(`${operation}State, ${size}: cell / bytes floor`, entry.ratio[operation].bytes, {
      atMost: targetRatio,
      isGating: false,
    }),
    checkTarget(
      `${operation}State, ${size}: longest main-thread task`,
      entry.longestTask[operation].maxMs,
      { below: targetLongTaskMs, unit: ' ms', isGating: false },
    ),
  ]);
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

function formatLongTask(ms) {
  if (ms === null) return '—';
  if (ms === 0) return '< 50 ms ok';
  return `${Math.round(ms)} ms ${ms < targetLongTaskMs ? 'ok' : 'OVER'}`;
}

const ms = (value) => `${Math.round(value)} ms`;

function logSummary(log, sizes, runs) {
  log('');
  log(`  median (min–max) of ${runs} runs; floors = a bare Pyodide worker on the same page`);
  const widths = [8, 22, 22, 22, 26, 36];
  const row = (...cells) =>
    log(`  ${cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join('')}`.trimEnd());
  for (const entry of sizes) {
    log('');
    log(
      `  ${formatBytes(entry.databaseBytes)} database, state file ${formatBytes(entry.stateFileBytes)}`,
    );
    row('', 'cell', 'format floor', 'bytes floor', 'cell / format floor', 'cell / bytes floor');
    const checks = targetsOf(entry);
    for (const operation of ['save', 'load']) {
      const suffix = operation === 'save' ? 'Save' : 'Load';
      const check = (floor) =>
        checks.find(
          (c) =>
            c.name ===
            `${operation}State, ${formatBytes(entry.targetBytes)} database: cell / ${floor} floor`,
        );
      row(
        `  ${operation}`,
        formatSummary(entry.summary[operation]),
        formatSummary(entry.summary[`formatFloor${suffix}`]),
        formatSummary(entry.summary[`bytesFloor${suffix}`]),
        formatCheck(check('format')),
        formatCheck(check('bytes')),
      );
    }
    const { formatSave, formatLoad } = entry.floorMedians;
    log(
      `    format floor: save = read ${ms(formatSave.readMs)} + base64 ${ms(formatSave.base64Ms)}` +
        ` + sha256 ${ms(formatSave.sha256Ms)} + document ${ms(formatSave.documentMs)}`,
    );
    log(
      `                  load = read ${ms(formatLoad.readMs)} + JSON.parse ${ms(formatLoad.parseMs)}` +
        ` + decode ${ms(formatLoad.decodeMs)} + sha256 ${ms(formatLoad.sha256Ms)}` +
        ` + write ${ms(formatLoad.writeMs)}`,
    );
    for (const operation of ['save', 'load']) {
      const { maxMs, medianBlockedMs } = entry.longestTask[operation];
      log(
        `    longest main-thread task during ${operation}: ${formatLongTask(maxMs)}` +
          `${medianBlockedMs ? ` (blocked ${ms(medianBlockedMs)})` : ''}`,
      );
    }
  }
  log('');
  log(
    `  target: cell / format floor ≤ ${targetRatio.toFixed(2)}× (ratio of medians; fails the bench).` +
      ` Reported only: cell / bytes floor ≤ ${targetRatio.toFixed(2)}× (the first benchmark's aim),` +
      ` longest main-thread task < ${targetLongTaskMs} ms`,
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
  title: 'saveState / loadState of a SQLite database, against two floors in a bare worker',
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
      targets: sizes.flatMap(targetsOf),
      errors,
    };
  },
};
