// A page of 50 cells against a page of 50 plain Lit elements each holding a CodeMirror 6 editor
// (basicSetup + Python): time from navigation until every cell's code shows, highlighted, and
// the editors on screen exist; and DOM nodes per cell, shadow roots included.

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { launchBrowser, measurePage } from '../lib/browser.mjs';
import { formatSummary, summarize } from '../lib/stats.mjs';

/** Our page may take at most this much of the plain page's time, as a ratio of medians. */
export const targetRatio = 1.2;

const pagePaths = { cells: 'bench/pages/fifty-cells.html', plain: 'bench/pages/fifty-plain.html' };

/** A page that only shows code must not fetch any of Pyodide. */
const PYODIDE_ASSET = /pyodide\.(mjs|asm\.mjs|asm\.wasm)$|python_stdlib\.zip$|worker\.js$/;

/** Bundles the comparison element where fifty-plain.html imports it (.tmp/ is not committed). */
async function buildPlainPage(root) {
  const outdir = join(root, '.tmp', 'bench-fifty');
  await mkdir(outdir, { recursive: true });
  await build({
    entryPoints: [join(root, 'bench', 'pages', 'fifty', 'plain-cell.js')],
    bundle: true,
    format: 'esm',
    minify: true,
    target: 'es2022',
    outdir,
    logLevel: 'warning',
  });
}

/** @type {import('../run.mjs').BenchSection} */
export const fiftyCellsSection = {
  id: 'fifty-cells',
  title: '50 cells usable (code shown and highlighted, on-screen editors created), ms',
  async run({ baseURL, root, options, log }) {
    await buildPlainPage(root);
    const variants = ['cells', 'plain'];
    const samples = { cells: [], plain: [] };
    const nodesPerCell = { cells: [], plain: [] };
    const editors = {};
    const errors = [];
    const pyodideRequests = [];
    const { browser, close } = await launchBrowser();
    try {
      const measureOnce = async (variant, label) => {
        const page = await browser.newPage();
        const onRequest = (request) => {
          if (PYODIDE_ASSET.test(new URL(request.url()).pathname)) {
            pyodideRequests.push(request.url());
          }
        };
        page.on('request', onRequest);
        try {
          // The HTTP cache is warm for both pages after the warm-up round: this measures the
          // page's own work, not the network.
          return await measurePage(page, baseURL + pagePaths[variant], `${variant}, ${label}`);
        } finally {
          page.off('request', onRequest);
          await page.close();
        }
      };
      for (const variant of variants) await measureOnce(variant, 'warm-up');
      for (let run = 1; run <= options.runs; run++) {
        const order = run % 2 ? variants : [...variants].reverse();
        for (const variant of order) {
          const result = await measureOnce(variant, `run ${run}/${options.runs}`);
          samples[variant].push(result.usableMs);
          nodesPerCell[variant].push(result.nodesPerCell);
          editors[variant] = result.editors;
          log(
            `  run ${run}/${options.runs}  ${variant.padEnd(6)} ${Math.round(result.usableMs)} ms, ` +
              `${Math.round(result.nodesPerCell)} nodes per cell, ${result.editors} editors`,
          );
        }
      }
    } catch (error) {
      errors.push({ message: error.message });
      log(`  FAILED: ${error.message}`);
    } finally {
      await close();
    }

    const summary = { cells: summarize(samples.cells), plain: summarize(samples.plain) };
    const nodes = {
      cells: summarize(nodesPerCell.cells).median,
      plain: summarize(nodesPerCell.plain).median,
    };
    const ratio =
      summary.cells.median !== null && summary.plain.median !== null
        ? summary.cells.median / summary.plain.median
        : null;
    log('');
    log(`  median (min–max) of ${options.runs} runs; nodes per cell include shadow roots`);
    for (const variant of variants) {
      const count = nodes[variant] === null ? '—' : Math.round(nodes[variant]);
      log(
        `  ${variant.padEnd(12)}${formatSummary(summary[variant]).padEnd(24)}${count} nodes/cell`,
      );
    }
    if (ratio !== null) {
      log(
        `  ${'cells/plain'.padEnd(12)}${ratio.toFixed(3)}× ${ratio <= targetRatio ? 'ok' : 'OVER'}`,
      );
      if (ratio > targetRatio) {
        errors.push({ message: `cells/plain ${ratio.toFixed(3)}× is over ${targetRatio}×` });
      }
    }
    log(`  target: cells / plain ≤ ${targetRatio.toFixed(2)}× (ratio of medians)`);
    if (pyodideRequests.length) {
      errors.push({ message: `the cells page fetched Pyodide: ${pyodideRequests[0]}` });
      log(`  error: the cells page fetched Pyodide (${pyodideRequests[0]})`);
    }
    return {
      runs: options.runs,
      targetRatio,
      samples,
      summary,
      nodesPerCell: nodes,
      editors,
      ratio,
      errors,
    };
  },
};
