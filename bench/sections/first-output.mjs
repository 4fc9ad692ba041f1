// Time to the first output of `print(1)`: one <py-state-runner> cell against bare Pyodide in a
// module worker, the floor the cell cannot beat, measured alternately in the same run.

import { launchBrowser, measurePage } from '../lib/browser.mjs';
import { formatSummary, summarize } from '../lib/stats.mjs';

/** The cell may cost at most this much over bare Pyodide, as a ratio of medians. */
export const targetRatio = 1.1;

const pagePaths = { cell: 'bench/pages/cell.html', bare: 'bench/pages/bare.html' };

/** A fresh profile in a fresh browser: nothing in the HTTP cache, no compiled wasm. */
async function measureCold(url, label) {
  const { browser, close } = await launchBrowser();
  try {
    const [page] = await browser.pages();
    return await measurePage(page, url, label);
  } finally {
    await close();
  }
}

/** The second visit of a fresh profile: the first load fills the caches, the second is timed. */
async function measureWarm(url, label) {
  const { browser, close } = await launchBrowser();
  try {
    const [page] = await browser.pages();
    await measurePage(page, url, `${label}, priming load`);
    // Leaving the page ends its worker, so the timed load starts a new Pyodide like a revisit.
    await page.goto('about:blank');
    return await measurePage(page, url, label);
  } finally {
    await close();
  }
}

const measure = { cold: measureCold, warm: measureWarm };

/** @type {import('../run.mjs').BenchSection} */
export const firstOutputSection = {
  id: 'first-output',
  title: 'First output of print(1), ms from navigation start',
  async run({ baseURL, options, log }) {
    const variants = options.only ? [options.only] : ['cell', 'bare'];
    const temperatures = options.mode === 'both' ? ['cold', 'warm'] : [options.mode];
    const urls = Object.fromEntries(variants.map((name) => [name, baseURL + pagePaths[name]]));
    const samples = { cell: { cold: [], warm: [] }, bare: { cold: [], warm: [] } };
    const crossOriginIsolated = {};
    const errors = [];
    // A variant that fails is not measured again: its error is the result, not noise to
    // average out, and a hung page would otherwise cost two minutes per run.
    const failed = new Set();

    const measureOnce = async (variant, temperature, label) => {
      try {
        const result = await measure[temperature](urls[variant], `${variant}.html, ${label}`);
        crossOriginIsolated[variant] = result.crossOriginIsolated;
        return result.firstOutputMs;
      } catch (error) {
        failed.add(variant);
        errors.push({ variant, temperature, label, message: error.message });
        log(`  ${variant} ${temperature}: FAILED: ${error.message}`);
        return null;
      }
    };

    // The first launch on a machine also pays for reading Chromium and 13 MiB of Pyodide from
    // disk; without a discarded round, whichever page goes first would be charged for it.
    for (let round = 1; round <= options.warmup; round++) {
      for (const variant of variants) {
        if (failed.has(variant)) continue;
        const ms = await measureOnce(variant, 'cold', `warm-up ${round}`);
        if (ms !== null) log(`  warm-up ${round}  ${variant}  ${Math.round(ms)} ms (discarded)`);
      }
    }

    for (let run = 1; run <= options.runs; run++) {
      // ABBA order: alternating which page goes first cancels any drift within a run.
      const order = run % 2 ? variants : [...variants].reverse();
      for (const temperature of temperatures) {
        for (const variant of order) {
          if (failed.has(variant)) continue;
          const label = `${temperature}, run ${run}/${options.runs}`;
          const ms = await measureOnce(variant, temperature, label);
          if (ms === null) continue;
          samples[variant][temperature].push(ms);
          log(`  run ${run}/${options.runs}  ${temperature}  ${variant}  ${Math.round(ms)} ms`);
        }
      }
    }

    const summary = {};
    for (const variant of ['cell', 'bare']) {
      summary[variant] = {};
      for (const temperature of temperatures) {
        summary[variant][temperature] = summarize(samples[variant][temperature]);
      }
    }
    const ratio = {};
    for (const temperature of temperatures) {
      const cell = summary.cell[temperature].median;
      const bare = summary.bare[temperature].median;
      ratio[temperature] = cell !== null && bare !== null ? cell / bare : null;
    }

    for (const [variant, isIsolated] of Object.entries(crossOriginIsolated)) {
      if (!isIsolated) log(`  warning: ${variant}.html was not cross-origin isolated`);
    }
    log('');
    log(`  median (min–max) of ${options.runs} runs per page and temperature`);
    log(`  ${''.padEnd(12)}${temperatures.map((t) => t.padEnd(24)).join('')}`.trimEnd());
    for (const variant of ['cell', 'bare']) {
      const cells = temperatures.map((t) => formatSummary(summary[variant][t]).padEnd(24));
      log(`  ${variant.padEnd(12)}${cells.join('')}`.trimEnd());
    }
    const ratios = temperatures.map((t) => {
      if (ratio[t] === null) return '—'.padEnd(24);
      const verdict = ratio[t] <= targetRatio ? 'ok' : 'OVER';
      return `${ratio[t].toFixed(3)}× ${verdict}`.padEnd(24);
    });
    log(`  ${'cell / bare'.padEnd(12)}${ratios.join('')}`.trimEnd());
    log(`  target: cell / bare ≤ ${targetRatio.toFixed(2)}× (ratio of medians)`);

    return {
      runs: options.runs,
      warmup: options.warmup,
      temperatures,
      targetRatio,
      samples,
      summary,
      ratio,
      crossOriginIsolated,
      errors,
    };
  },
};
