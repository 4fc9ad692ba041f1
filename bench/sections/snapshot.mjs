// Booting from the memory snapshot, on a plain page (no COOP/COEP, as most static hosts serve):
//   - a reader's return visit, in the same browser and after a browser restart on the same
//     profile, against bare Pyodide's warm first output measured in the same run;
//   - the first visit of that profile (no snapshot yet, one is made after the first run), against
//     bare Pyodide cold: making the snapshot must not delay the first output;
//   - the restart after a Stop (which replaces the worker where the page is not isolated), from
//     the snapshot against the same restart with snapshots off (a normal boot).

import { createProfile, launchBrowser, measurePage, measureReturnVisit } from '../lib/browser.mjs';
import { formatSummary, summarize } from '../lib/stats.mjs';
import { checkTarget, formatCheck } from '../lib/targets.mjs';

/** A return visit's first output, over bare Pyodide warm. */
export const targetReturnRatio = 0.35;
/** The first visit's first output, over bare Pyodide cold. */
export const targetFirstRatio = 1.1;
/** The restart after a Stop from the snapshot, over the same restart booting normally. */
export const targetRestartRatio = 0.5;

const defaultRuns = 3;
const cellPath = 'bench/pages/cell.html';
const barePath = 'bench/pages/bare.html';
const stopPath = 'bench/pages/stop-restart.html';
/** Making the snapshot takes a few seconds after the first run, at idle time. */
const snapshotWaitMs = 60_000;

/** Resolves once the page's origin holds the runtime's snapshot in IndexedDB. */
async function waitForSnapshot(page, label) {
  const isStored = await page.evaluate(async (timeoutMs) => {
    const probe = await import('/bench/pages/lib/snapshot-probe.js');
    return probe.waitForSnapshot(timeoutMs);
  }, snapshotWaitMs);
  if (!isStored) throw new Error(`${label}: no snapshot stored within ${snapshotWaitMs / 1000} s`);
}

/**
 * One profile's three visits to the cell page: the first (cold, no snapshot), a return in the
 * same browser, and a return after restarting the browser.
 */
async function measureCellVisits(url, label) {
  const profile = await createProfile();
  try {
    let { browser, close } = await launchBrowser({ profile });
    try {
      let [page] = await browser.pages();
      const first = await measurePage(page, url, `${label}, first visit`);
      await waitForSnapshot(page, `${label}, first visit`);
      await page.goto('about:blank');
      const same = await measurePage(page, url, `${label}, return visit`);
      await close();
      ({ browser, close } = await launchBrowser({ profile }));
      [page] = await browser.pages();
      const restarted = await measurePage(page, url, `${label}, return after a browser restart`);
      return {
        first: first.firstOutputMs,
        same: same.firstOutputMs,
        restarted: restarted.firstOutputMs,
      };
    } finally {
      await close();
    }
  } finally {
    await profile.remove();
  }
}

async function measureCold(url, label) {
  const { browser, close } = await launchBrowser();
  try {
    const [page] = await browser.pages();
    return (await measurePage(page, url, label)).firstOutputMs;
  } finally {
    await close();
  }
}

/** The Stop page, on a fresh profile: it waits for the snapshot itself unless it is off. */
async function measureRestart(url, label) {
  const { browser, close } = await launchBrowser();
  try {
    const [page] = await browser.pages();
    const result = await measurePage(page, url, label);
    if (result.isolated) throw new Error(`${label}: the page is cross-origin isolated`);
    return result.restartMs;
  } finally {
    await close();
  }
}

/** @type {import('../run.mjs').BenchSection} */
export const snapshotSection = {
  id: 'snapshot',
  title: 'Snapshot boot: return visits and restarts after Stop, plain page, ms',
  async run({ urls, options, log }) {
    const runs = options.runsGiven ? options.runs : defaultRuns;
    const base = urls.plain;
    const samples = {
      cellFirst: [],
      cellReturn: [],
      cellReturnRestarted: [],
      bareCold: [],
      bareWarm: [],
      restartSnapshot: [],
      restartNormal: [],
    };
    const errors = [];
    const attempt = async (label, measure) => {
      try {
        return await measure();
      } catch (error) {
        errors.push({ label, message: error.message });
        log(`  ${label}: FAILED: ${error.message}`);
        return null;
      }
    };

    for (let run = 1; run <= runs; run++) {
      const tag = `run ${run}/${runs}`;
      // ABBA order between the cell and the bare floor, as in first-output.
      const steps = [
        async () => {
          const visits = await attempt(`cell visits, ${tag}`, () =>
            measureCellVisits(base + cellPath, `cell.html, ${tag}`),
          );
          if (!visits) return;
          samples.cellFirst.push(visits.first);
          samples.cellReturn.push(visits.same);
          samples.cellReturnRestarted.push(visits.restarted);
          log(
            `  ${tag}  cell  first ${Math.round(visits.first)} ms, return ${Math.round(visits.same)} ms, after browser restart ${Math.round(visits.restarted)} ms`,
          );
        },
        async () => {
          const cold = await attempt(`bare cold, ${tag}`, () =>
            measureCold(base + barePath, `bare.html, cold, ${tag}`),
          );
          const warm = await attempt(
            `bare warm, ${tag}`,
            async () =>
              (await measureReturnVisit(base + barePath, `bare.html, warm, ${tag}`)).firstOutputMs,
          );
          if (cold !== null) samples.bareCold.push(cold);
          if (warm !== null) samples.bareWarm.push(warm);
          log(`  ${tag}  bare  cold ${Math.round(cold)} ms, warm ${Math.round(warm)} ms`);
        },
        async () => {
          const fromSnapshot = await attempt(`restart from snapshot, ${tag}`, () =>
            measureRestart(base + stopPath, `stop-restart.html, ${tag}`),
          );
          const normal = await attempt(`restart, normal boot, ${tag}`, () =>
            measureRestart(
              `${base}${stopPath}?snapshot=off`,
              `stop-restart.html?snapshot=off, ${tag}`,
            ),
          );
          if (fromSnapshot !== null) samples.restartSnapshot.push(fromSnapshot);
          if (normal !== null) samples.restartNormal.push(normal);
          log(
            `  ${tag}  restart after Stop  from snapshot ${Math.round(fromSnapshot)} ms, normal ${Math.round(normal)} ms`,
          );
        },
      ];
      for (const step of run % 2 ? steps : [...steps].reverse()) await step();
    }

    const summary = Object.fromEntries(
      Object.entries(samples).map(([name, values]) => [name, summarize(values)]),
    );
    const ratio = (a, b) =>
      summary[a].median !== null && summary[b].median !== null
        ? summary[a].median / summary[b].median
        : null;
    const targets = [
      checkTarget(
        'snapshot: return visit, same browser: cell / bare warm',
        ratio('cellReturn', 'bareWarm'),
        { atMost: targetReturnRatio },
      ),
      checkTarget(
        'snapshot: return visit, browser restarted: cell / bare warm',
        ratio('cellReturnRestarted', 'bareWarm'),
        { atMost: targetReturnRatio },
      ),
      checkTarget('snapshot: first visit: cell / bare cold', ratio('cellFirst', 'bareCold'), {
        atMost: targetFirstRatio,
      }),
      checkTarget(
        'snapshot: restart after Stop: from snapshot / normal boot',
        ratio('restartSnapshot', 'restartNormal'),
        { atMost: targetRestartRatio },
      ),
    ];
    log('');
    log(`  median (min–max) of ${runs} runs, plain page`);
    const names = {
      cellFirst: 'cell, first visit',
      cellReturn: 'cell, return visit',
      cellReturnRestarted: 'cell, return, restarted',
      bareCold: 'bare Pyodide, cold',
      bareWarm: 'bare Pyodide, warm',
      restartSnapshot: 'Stop → output, snapshot',
      restartNormal: 'Stop → output, normal',
    };
    for (const [key, name] of Object.entries(names)) {
      log(`  ${name.padEnd(26)}${formatSummary(summary[key])}`);
    }
    for (const check of targets) log(`  ${check.name}: ${formatCheck(check)}`);
    return { runs, samples, summary, targets, errors };
  },
};
