// Does the page keep answering while a cell works? The longest gap between animation frames and
// the long tasks on the main thread during a loop of 200,000 prints (the output path: batching,
// caps, the pane redrawn once per frame) and during saveState/loadState of a 50 MiB state (the
// state file built and read off the main thread), on both kinds of page.

import { launchBrowser, watchPage, within } from '../lib/browser.mjs';
import { formatBytes, summarize } from '../lib/stats.mjs';
import { checkTarget } from '../lib/targets.mjs';

/** A gap of a second between frames is a page the reader sees as frozen. */
export const targetFrameGapMs = 1000;
/** Reported only: a task this long is a stutter the reader feels, not yet a frozen page. */
export const targetLongTaskMs = 100;

const printedLines = 200_000;
const stateBytes = 50 * 1024 * 1024;
/** One round prints 200,000 lines and saves and loads 50 MiB: a few seconds. */
const defaultRuns = 3;
const pagePath = 'bench/pages/responsiveness.html';
const pageKindNames = { isolated: 'isolated page', plain: 'plain page' };
const operations = {
  print: `a loop of ${printedLines.toLocaleString('en')} prints`,
  save: `saveState of ${formatBytes(stateBytes)}`,
  load: `loadState of ${formatBytes(stateBytes)}`,
};

/** Opens the page in a fresh browser and measures `runs` rounds of every operation. */
async function measurePageKind(url, kind, { runs, warmup }, log) {
  const label = `responsiveness.html, ${kind}`;
  const { browser, close } = await launchBrowser();
  try {
    const [page] = await browser.pages();
    const watch = watchPage(page);
    const call = (what, method, ...args) =>
      within(
        page.evaluate((name, values) => window.responsivenessBench[name](...values), method, args),
        `${label}: ${what}`,
        watch,
      );
    try {
      await within(page.goto(url, { waitUntil: 'domcontentloaded' }), `${label}: navigation`);
      await within(
        page.waitForFunction(() => window.responsivenessBenchReady, { polling: 50, timeout: 0 }),
        `${label}: page script`,
        watch,
      );
      const { crossOriginIsolated } = await call('starting the runtime', 'start');
      const check = await call('watcher check', 'checkWatcher');
      const size = await call(
        `creating a ${formatBytes(stateBytes)} database`,
        'createDatabase',
        stateBytes,
      );
      const rounds = { print: [], save: [], load: [] };
      for (let round = 1 - warmup; round <= runs; round++) {
        const tag = round < 1 ? 'warm-up' : `run ${round}/${runs}`;
        const print = await call(`${tag}: print loop`, 'printFlood', printedLines);
        if (!print.truncated) throw new Error(`${label}: the print loop's output was not capped`);
        const save = await call(`${tag}: saveState`, 'save');
        const load = await call(`${tag}: loadState`, 'load');
        const describe = (name, entry) =>
          `${name} ${Math.round(entry.ms)} ms, gap ${Math.round(entry.longestFrameGapMs)} ms,` +
          ` ${entry.longTasks.count} long (max ${Math.round(entry.longTasks.maxMs)})`;
        log(
          `  ${kind.padEnd(8)}  ${tag.padEnd(9)}  ${describe('print', print)};` +
            ` ${describe('save', save)}; ${describe('load', load)}` +
            `${round < 1 ? '  (discarded)' : ''}`,
        );
        if (round < 1) continue;
        rounds.print.push(print);
        rounds.save.push(save);
        rounds.load.push(load);
      }
      return { crossOriginIsolated, watcherCheck: check, databaseBytes: size, rounds };
    } finally {
      watch.stop();
    }
  } finally {
    await close();
  }
}

/** The worst frame gap and long task of the rounds, and the medians of the rest. */
function summarizeRounds(rounds) {
  return {
    ms: summarize(rounds.map((round) => round.ms)),
    frames: summarize(rounds.map((round) => round.frames)).median,
    longestFrameGapMs: Math.max(...rounds.map((round) => round.longestFrameGapMs)),
    longTaskCount: summarize(rounds.map((round) => round.longTasks.count)).median,
    longestTaskMs: Math.max(...rounds.map((round) => round.longTasks.maxMs)),
    blockedMs: summarize(rounds.map((round) => round.longTasks.totalMs)).median,
  };
}

/** @type {import('../run.mjs').BenchSection} */
export const responsivenessSection = {
  id: 'responsiveness',
  title: `Main thread while a cell prints ${printedLines.toLocaleString('en')} lines and saves and loads ${formatBytes(stateBytes)}`,
  async run({ urls, options, log }) {
    const plan = {
      runs: options.runsGiven ? options.runs : defaultRuns,
      warmup: Math.min(options.warmup, 1),
    };
    const errors = [];
    const targets = [];
    const pages = {};
    for (const kind of options.pageKinds) {
      try {
        const measured = await measurePageKind(urls[kind] + pagePath, kind, plan, log);
        if (measured.crossOriginIsolated !== (kind === 'isolated')) {
          errors.push({
            message: `${kind}: crossOriginIsolated was ${measured.crossOriginIsolated}`,
          });
        }
        // A page whose busy 120 ms task shows neither as a long task nor as a frame gap would
        // report a frozen page as a smooth one.
        const { longTaskMs, longestFrameGapMs } = measured.watcherCheck;
        if (!(longTaskMs >= 100 && longestFrameGapMs >= 100)) {
          errors.push({
            message: `${kind}: a 120 ms busy task showed as a ${longTaskMs} ms long task and a ${longestFrameGapMs} ms frame gap: the figures cannot be trusted`,
          });
        }
        pages[kind] = {
          ...measured,
          summary: Object.fromEntries(
            Object.keys(operations).map((name) => [name, summarizeRounds(measured.rounds[name])]),
          ),
        };
      } catch (error) {
        errors.push({ pageKind: kind, message: error.message });
        log(`  ${kind}: FAILED: ${error.message}`);
      }
    }
    for (const message of errors) log(`  error: ${message.message}`);

    log('');
    log(`  ${plan.runs} runs per page; frame gap and long task: the worst run; the rest: medians`);
    const widths = [36, 16, 20, 16, 16];
    const row = (...cells) =>
      log(`  ${cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join('')}`.trimEnd());
    row('', 'duration', 'longest frame gap', 'long tasks', 'longest task');
    for (const kind of options.pageKinds) {
      for (const [name, description] of Object.entries(operations)) {
        const summary = pages[kind]?.summary[name];
        targets.push(
          checkTarget(
            `responsiveness, ${pageKindNames[kind]}, ${description}: longest frame gap`,
            summary?.longestFrameGapMs,
            { below: targetFrameGapMs, unit: ' ms' },
          ),
          checkTarget(
            `responsiveness, ${pageKindNames[kind]}, ${description}: longest main-thread task`,
            summary?.longestTaskMs,
            { below: targetLongTaskMs, unit: ' ms', isGating: false },
          ),
        );
        if (!summary) continue;
        row(
          `${kind}: ${description}`,
          `${Math.round(summary.ms.median)} ms`,
          `${Math.round(summary.longestFrameGapMs)} ms`,
          `${summary.longTaskCount} (${Math.round(summary.blockedMs)} ms)`,
          `${Math.round(summary.longestTaskMs)} ms`,
        );
      }
    }
    log(
      `  targets: longest frame gap < ${targetFrameGapMs} ms (fails the bench); longest task < ` +
        `${targetLongTaskMs} ms (reported only). Long tasks: median count (median ms blocked)`,
    );
    return {
      ...plan,
      printedLines,
      stateBytes,
      targetFrameGapMs,
      targetLongTaskMs,
      pages,
      targets,
      errors,
    };
  },
};
