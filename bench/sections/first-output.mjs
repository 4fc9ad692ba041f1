// Time to the first output of `print(1)`: one <py-state-runner> cell against bare Pyodide in a
// module worker, the floor the cell cannot beat, measured alternately in the same run, on both
// kinds of page: cross-origin isolated (COOP/COEP, SharedArrayBuffer) and plain (what most static
// hosts serve, where the runtime takes its other paths for Stop and input()).

import { launchBrowser, measurePage, measureSharedReturnVisits } from '../lib/browser.mjs';
import {
  bootstrapInterval,
  formatSummary,
  medianOfRatios,
  ratioOfMedians,
  summarize,
} from '../lib/stats.mjs';
import { checkTarget, formatCheck } from '../lib/targets.mjs';

/**
 * The cell may cost at most this much over bare Pyodide, as the median of the runs' own ratios.
 * A run visits both pages back to back (warm visits from copies of one profile, so from the same
 * compiled wasm), and its ratio compares them under the same conditions. The ratio of the two
 * pages' medians, which this target held before, compares each page's typical visit taken on its
 * own; warm visits fall into two modes (see measureSharedReturnVisits) and with runs split near
 * evenly between them a page's median jumps from one to the other, so that ratio moved by ±0.06
 * between 27-run benchmarks of the same code (warm, 90% bootstrap intervals 0.12–0.15 wide, against
 * 0.02–0.03 for the median of the runs' ratios). It is still printed, with its interval.
 */
export const targetRatio = 1.1;

/**
 * Runs without --runs. Single visits of one page spread by ±15% on a busy 2-core machine, which
 * moves a ratio of 5 runs' medians by about ±0.08: too much to tell 1.06 from 1.12.
 */
const defaultRuns = 9;

const pagePaths = { cell: 'bench/pages/cell.html', bare: 'bench/pages/bare.html' };
const pageKindNames = { isolated: 'isolated page', plain: 'plain page' };

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

/**
 * Removes the runtime's memory snapshot from the profile, in case the cell's first visit stored
 * one before it was cut short: a warm visit here measures a normal start (the snapshot section
 * measures return visits that boot from it).
 */
async function deleteSnapshot(page, origin) {
  await page.goto(`${origin}bench/pages/blank.html`);
  const error = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const request = indexedDB.deleteDatabase('py-state-runner-snapshot');
        request.onsuccess = () => resolve(null);
        request.onerror = () => resolve(String(request.error));
      }),
  );
  if (error !== null) throw new Error(`could not delete the snapshot database: ${error}`);
}

/**
 * Warm: each page's second visit, both pages on copies of one profile that visited both once, in
 * `variants` order (see measureSharedReturnVisits). Bare Pyodide loads its files from the
 * bundle's folder, so the two pages share one entry of V8's code cache and start from the same
 * compiled wasm, which decides most of a warm start and is otherwise a coin flip per profile.
 * @returns {Promise<Record<string, Record<string, unknown>>>} by variant
 */
async function measureWarm(origin, variants, label) {
  const urls = variants.map((variant) => origin + pagePaths[variant]);
  const results = await measureSharedReturnVisits(urls, label, {
    beforeCopy: variants.includes('cell') ? (page) => deleteSnapshot(page, origin) : undefined,
  });
  return Object.fromEntries(variants.map((variant, index) => [variant, results[index]]));
}

/** @type {import('../run.mjs').BenchSection} */
export const firstOutputSection = {
  id: 'first-output',
  title: 'First output of print(1), ms from navigation start',
  async run({ urls, options, log }) {
    const variants = options.only ? [options.only] : ['cell', 'bare'];
    const temperatures = options.mode === 'both' ? ['cold', 'warm'] : [options.mode];
    const pageKinds = options.pageKinds;
    const emptySamples = () => ({ cell: { cold: [], warm: [] }, bare: { cold: [], warm: [] } });
    const samples = Object.fromEntries(pageKinds.map((kind) => [kind, emptySamples()]));
    // Per warm visit, V8's top-tier wasm compilation in ms (reported only).
    const topTier = Object.fromEntries(pageKinds.map((kind) => [kind, { cell: [], bare: [] }]));
    const runs = options.runsGiven ? options.runs : defaultRuns;
    // Per run whose two visits both succeeded, [cell, bare] of that run, by page and temperature:
    // the runs' own ratios, whose median is held to the target.
    const pairs = Object.fromEntries(pageKinds.map((kind) => [kind, { cold: [], warm: [] }]));
    const crossOriginIsolated = {};
    const errors = [];
    // A page that fails is not measured again: its error is the result, not noise to average
    // out, and a hung page would otherwise cost two minutes per run.
    const failed = new Set();

    const measureOnce = async (kind, variant, temperature, label) => {
      const key = `${variant}@${kind}`;
      if (failed.has(key)) return null;
      const url = urls[kind] + pagePaths[variant];
      try {
        const result = await measureCold(url, `${variant}.html, ${kind}, ${label}`);
        crossOriginIsolated[key] = result.crossOriginIsolated;
        return { ms: result.firstOutputMs };
      } catch (error) {
        failed.add(key);
        errors.push({ variant, pageKind: kind, temperature, label, message: error.message });
        log(`  ${variant} ${kind} ${temperature}: FAILED: ${error.message}`);
        return null;
      }
    };

    /** Both pages' warm visits of one run, in `order`; a page that failed before is left out. */
    const measureWarmRun = async (kind, order, label) => {
      const measured = order.filter((variant) => !failed.has(`${variant}@${kind}`));
      if (measured.length === 0) return {};
      try {
        const results = await measureWarm(urls[kind], measured, `${kind}, ${label}`);
        const out = {};
        for (const [variant, result] of Object.entries(results)) {
          crossOriginIsolated[`${variant}@${kind}`] = result.crossOriginIsolated;
          out[variant] = { ms: result.firstOutputMs, wasmTopTierMs: result.wasmTopTierMs };
        }
        return out;
      } catch (error) {
        // Which page failed is in the message; both are left out from now on.
        for (const variant of measured) failed.add(`${variant}@${kind}`);
        errors.push({ pageKind: kind, temperature: 'warm', label, message: error.message });
        log(`  ${kind} warm: FAILED: ${error.message}`);
        return {};
      }
    };

    // The first launch on a machine also pays for reading Chromium and 13 MiB of Pyodide from
    // disk; without a discarded round, whichever page goes first would be charged for it.
    for (let round = 1; round <= options.warmup; round++) {
      for (const kind of pageKinds) {
        for (const variant of variants) {
          const measured = await measureOnce(kind, variant, 'cold', `warm-up ${round}`);
          if (measured !== null) {
            log(
              `  warm-up ${round}  ${kind.padEnd(8)}  ${variant}  ${Math.round(measured.ms)} ms (discarded)`,
            );
          }
        }
      }
    }

    for (let run = 1; run <= runs; run++) {
      // ABBA order: alternating which page goes first cancels any drift within a run; which kind
      // of page goes first alternates every two runs, so neither always follows the other's warm
      // visits (and their profile copies).
      const order = run % 2 ? variants : [...variants].reverse();
      const kinds = Math.floor((run - 1) / 2) % 2 ? [...pageKinds].reverse() : pageKinds;
      for (const kind of kinds) {
        for (const temperature of temperatures) {
          const label = `${temperature}, run ${run}/${runs}`;
          const byVariant = {};
          if (temperature === 'warm') {
            Object.assign(byVariant, await measureWarmRun(kind, order, label));
          } else {
            for (const variant of order) {
              const measured = await measureOnce(kind, variant, temperature, label);
              if (measured !== null) byVariant[variant] = measured;
            }
          }
          if (byVariant.cell && byVariant.bare) {
            pairs[kind][temperature].push([byVariant.cell.ms, byVariant.bare.ms]);
          }
          for (const variant of order) {
            const measured = byVariant[variant];
            if (measured === undefined) continue;
            samples[kind][variant][temperature].push(measured.ms);
            const tiering = measured.wasmTopTierMs;
            if (tiering !== undefined) topTier[kind][variant].push(tiering);
            log(
              `  run ${run}/${runs}  ${kind.padEnd(8)}  ${temperature}  ${variant}  ${Math.round(measured.ms)} ms${tiering === undefined ? '' : `  (V8 top-tier wasm compile ${Math.round(tiering)} ms)`}`,
            );
          }
        }
      }
    }

    const summary = {};
    // Held to the target: the median of the runs' own cell / bare.
    const ratio = {};
    // Reported only: the ratio of the pages' medians.
    const ratioOfPageMedians = {};
    const targets = [];
    for (const kind of pageKinds) {
      summary[kind] = {};
      ratio[kind] = {};
      ratioOfPageMedians[kind] = {};
      for (const variant of ['cell', 'bare']) {
        summary[kind][variant] = {};
        for (const temperature of temperatures) {
          summary[kind][variant][temperature] = summarize(samples[kind][variant][temperature]);
        }
      }
      for (const temperature of temperatures) {
        // Both from the runs whose two visits succeeded, as their intervals below are.
        ratioOfPageMedians[kind][temperature] = ratioOfMedians(pairs[kind][temperature]);
        ratio[kind][temperature] = medianOfRatios(pairs[kind][temperature]);
        // With --only one page is measured and there is no ratio to hold to a target.
        if (!options.only) {
          targets.push(
            checkTarget(
              `first output, ${temperature}, ${pageKindNames[kind]}: cell / bare`,
              ratio[kind][temperature],
              { atMost: targetRatio },
            ),
          );
        }
      }
    }

    for (const [key, isIsolated] of Object.entries(crossOriginIsolated)) {
      const shouldBeIsolated = key.endsWith('@isolated');
      if (isIsolated !== shouldBeIsolated) {
        const message = `${key}: crossOriginIsolated was ${isIsolated}, expected ${shouldBeIsolated}`;
        errors.push({ message });
        log(`  error: ${message}`);
      }
    }
    log('');
    log(`  median (min–max) of ${runs} runs per page and temperature`);
    log(`  ${''.padEnd(22)}${temperatures.map((t) => t.padEnd(26)).join('')}`.trimEnd());
    for (const kind of pageKinds) {
      for (const variant of ['cell', 'bare']) {
        const cells = temperatures.map((t) => formatSummary(summary[kind][variant][t]).padEnd(26));
        log(`  ${`${variant}, ${kind}`.padEnd(22)}${cells.join('')}`.trimEnd());
      }
      const ratios = temperatures.map((t) => {
        const check = targets.find((entry) => entry.name.includes(`${t}, ${pageKindNames[kind]}`));
        return (check ? formatCheck(check) : '—').padEnd(26);
      });
      log(`  ${`cell / bare, ${kind}`.padEnd(22)}${ratios.join('')}`.trimEnd());
    }
    log(
      `  target: cell / bare ≤ ${targetRatio.toFixed(2)}× (median of the runs' own ratios) on both pages`,
    );
    // Each run's own ratio (a run's two visits ran back to back; warm ones from the same caches,
    // see measureWarm), and 90% bootstrap intervals of the gated median of those ratios and of the
    // ratio of the pages' medians (reported only), which say how much of a miss or a pass the
    // machine's noise could make.
    const intervals = {};
    for (const kind of pageKinds) {
      intervals[kind] = {};
      for (const temperature of temperatures) {
        const runPairs = pairs[kind][temperature];
        if (runPairs.length === 0) continue;
        const interval = {
          medianOfRatios: bootstrapInterval(runPairs, medianOfRatios),
          ratioOfMedians: bootstrapInterval(runPairs, ratioOfMedians),
        };
        intervals[kind][temperature] = interval;
        const each = runPairs.map(([cell, bare]) => (cell / bare).toFixed(2)).join(', ');
        const spread = (value, range) =>
          `${value.toFixed(3)}×${range ? ` (${Math.round(range.level * 100)}% interval ${range.low.toFixed(2)}–${range.high.toFixed(2)}×)` : ''}`;
        log(`  ${temperature}, ${kind}: cell / bare per run: ${each}`);
        log(
          `    median of these ${spread(ratio[kind][temperature], interval.medianOfRatios)}; ratio of the pages' medians ${spread(ratioOfPageMedians[kind][temperature], interval.ratioOfMedians)} (reported only)`,
        );
      }
    }
    if (temperatures.includes('warm')) {
      // Reported only: how much of the pages' warm time V8's tier-up took, for both alike.
      for (const kind of pageKinds) {
        const medians = ['cell', 'bare'].map((variant) => {
          const median = summarize(topTier[kind][variant]).median;
          return `${variant} ${median === null ? '—' : `${Math.round(median)} ms`}`;
        });
        log(`  warm, ${kind}: V8 top-tier wasm compile per visit, median: ${medians.join(', ')}`);
      }
    }

    return {
      runs,
      warmup: options.warmup,
      temperatures,
      pageKinds,
      targetRatio,
      samples,
      summary,
      ratio,
      ratioOfPageMedians,
      wasmTopTierMs: topTier,
      pairs,
      intervals,
      crossOriginIsolated,
      targets,
      errors,
    };
  },
};
