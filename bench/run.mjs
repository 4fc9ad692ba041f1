#!/usr/bin/env node
// The benchmark behind `npm run bench` (which builds dist/ first).
//
//   node bench/run.mjs [--runs N] [--mode cold|warm|both] [--warmup N]
//                      [--sections first-output,sizes,...] [--only cell|bare]
//                      [--pages isolated,plain]
//
// Serves the repository twice with scripts/serve.mjs on free ports, once cross-origin isolated
// (COOP/COEP) and once plain, runs each section in order, prints its report, then every target
// with its verdict, and writes everything to bench/results/latest.json. Exits with status 1 when
// a section failed to measure or a gating target was missed.

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { arch, cpus, loadavg, platform } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../scripts/serve.mjs';
import { chromiumVersion, findChromium } from './lib/browser.mjs';
import { checkTarget, formatCheck, missedTargets } from './lib/targets.mjs';
import { fiftyCellsSection } from './sections/fifty-cells.mjs';
import { firstOutputSection } from './sections/first-output.mjs';
import { persistenceSection } from './sections/persistence.mjs';
import { responsivenessSection } from './sections/responsiveness.mjs';
import { sizesSection } from './sections/sizes.mjs';
import { snapshotSection } from './sections/snapshot.mjs';
import { stateSaveLoadSection } from './sections/state-save-load.mjs';

/**
 * One part of the benchmark. `run` prints its own report through `log` and resolves with a
 * JSON-serialisable result, stored under its `id` in latest.json. A non-empty `errors` array in
 * that result (or a rejection) makes the benchmark exit with status 1 after the other sections;
 * so does a missed gating check in its `targets` (see lib/targets.mjs).
 * @typedef {object} BenchSection
 * @property {string} id
 * @property {string} title
 * @property {(context: BenchContext) => Promise<{ errors?: unknown[], targets?: import('./lib/targets.mjs').TargetCheck[] } & Record<string, unknown>>} run
 */

/**
 * @typedef {object} BenchContext
 * @property {string} baseURL the cross-origin isolated server's root URL, with a trailing slash
 * @property {{ isolated: string, plain: string }} urls the root URLs of both servers: with
 *   COOP/COEP, and without (as most static hosts serve)
 * @property {string} root the repository root on disk
 * @property {BenchOptions} options
 * @property {(line: string) => void} log
 */

/**
 * @typedef {object} BenchOptions
 * @property {number} runs measured runs per page and temperature
 * @property {boolean} runsGiven whether --runs was given; a costly section may default lower
 * @property {'cold' | 'warm' | 'both'} mode
 * @property {number} warmup discarded cold rounds before measuring
 * @property {'cell' | 'bare' | undefined} only measure one page of first-output
 * @property {string[] | undefined} sections ids to run, all when undefined
 * @property {('isolated' | 'plain')[]} pageKinds the kinds of page first-output and
 *   responsiveness measure on
 */

// Sections run in this order. To add one, write bench/sections/<id>.mjs exporting a
// BenchSection and list it here; browser helpers are in bench/lib/browser.mjs.
/** @type {BenchSection[]} */
const sections = [
  firstOutputSection,
  sizesSection,
  stateSaveLoadSection,
  responsivenessSection,
  fiftyCellsSection,
  snapshotSection,
  persistenceSection,
];

const root = fileURLToPath(new URL('..', import.meta.url));
const resultsFile = join(root, 'bench', 'results', 'latest.json');

const usage = `usage: node bench/run.mjs [options]
  --runs N                  measured runs per page and temperature (default 5; first-output 9,
                            state-save-load: runs per size, responsiveness: runs per
                            page, both default 3)
  --mode cold|warm|both     fresh profile per load, second load of a profile, or both (default)
  --warmup N                discarded cold rounds before measuring (default 1)
  --sections ID,ID          run only these sections (${sections.map((s) => s.id).join(', ')})
  --only cell|bare          first-output: measure only one of the two pages (no ratio, no target)
  --pages isolated,plain    first-output, responsiveness: the kinds of page (default both)`;

/** @param {string[]} argv @returns {BenchOptions} */
function parseArguments(argv) {
  const options = {
    runs: 5,
    runsGiven: false,
    mode: 'both',
    warmup: 1,
    only: undefined,
    sections: undefined,
    pageKinds: ['isolated', 'plain'],
  };
  const count = (flag, value, minimum) => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < minimum) {
      throw new Error(`${flag} wants an integer ≥ ${minimum}, got ${value}`);
    }
    return number;
  };
  const oneOf = (flag, value, allowed) => {
    if (!allowed.includes(value)) throw new Error(`${flag} wants ${allowed.join('|')}`);
    return value;
  };
  for (let index = 0; index < argv.length; index++) {
    const [flag, inlineValue] = argv[index].split(/=(.*)/s, 2);
    if (flag === '--help' || flag === '-h') {
      console.log(usage);
      process.exit(0);
    }
    const value = inlineValue ?? argv[++index];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--runs') {
      options.runs = count(flag, value, 1);
      options.runsGiven = true;
    } else if (flag === '--warmup') options.warmup = count(flag, value, 0);
    else if (flag === '--mode') options.mode = oneOf(flag, value, ['cold', 'warm', 'both']);
    else if (flag === '--only') options.only = oneOf(flag, value, ['cell', 'bare']);
    else if (flag === '--sections') {
      options.sections = value.split(',').map((id) => id.trim());
      const ids = sections.map((section) => section.id);
      for (const id of options.sections) oneOf(flag, id, ids);
    } else if (flag === '--pages') {
      options.pageKinds = [...new Set(value.split(',').map((kind) => kind.trim()))];
      for (const kind of options.pageKinds) oneOf(flag, kind, ['isolated', 'plain']);
    } else throw new Error(`unknown option ${flag}`);
  }
  return options;
}

/**
 * The sections of latest.json that this run did not measure, each with the date of the run that
 * did, so that `--sections` adds to the file instead of wiping the other sections.
 * @param {string[]} measured
 */
async function earlierSections(measured) {
  let earlier;
  try {
    earlier = JSON.parse(await readFile(resultsFile, 'utf8'));
  } catch {
    return {};
  }
  const kept = {};
  for (const section of sections) {
    const result = earlier[section.id];
    if (measured.includes(section.id) || result === undefined) continue;
    kept[section.id] = { measuredAt: result.measuredAt ?? earlier.meta?.date, ...result };
  }
  return kept;
}

async function main() {
  let options;
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    console.error(`bench: ${error.message}\n${usage}`);
    process.exit(2);
  }
  const log = (line) => console.log(line);
  const chromiumPath = findChromium();
  const meta = {
    date: new Date().toISOString(),
    options,
    node: process.version,
    chromium: await chromiumVersion(),
    chromiumPath,
    platform: `${platform()} ${arch()}`,
    cpus: cpus().length,
    loadAverageAtStart: loadavg()[0],
  };
  const server = await startServer({ root, port: 0, isolation: true });
  const plainServer = await startServer({ root, port: 0, isolation: false });
  const urls = { isolated: server.url, plain: plainServer.url };
  log(`py-state-runner bench: ${meta.chromium}, Node ${meta.node}, ${meta.cpus} CPUs`);
  log(`serving ${root} at ${urls.isolated} (cross-origin isolated) and ${urls.plain} (plain)`);
  // Pyodide's start is CPU-bound: other work on the machine shows up directly in the timings.
  if (meta.loadAverageAtStart > meta.cpus / 2) {
    log(`warning: load average ${meta.loadAverageAtStart.toFixed(1)} on ${meta.cpus} CPUs`);
    log('         other processes are busy; expect noisy timings');
  }

  const results = {};
  let hasFailed = false;
  try {
    for (const section of sections) {
      if (options.sections && !options.sections.includes(section.id)) continue;
      log('');
      log(`== ${section.title} ==`);
      try {
        const context = { baseURL: urls.isolated, urls, root, options, log };
        results[section.id] = await section.run(context);
        if (results[section.id].errors?.length) hasFailed = true;
      } catch (error) {
        hasFailed = true;
        results[section.id] = { errors: [{ message: error.stack ?? String(error) }] };
        log(`  FAILED: ${error.stack ?? error}`);
      }
    }
  } finally {
    await Promise.all([server.close(), plainServer.close()]);
  }

  const checks = Object.entries(results).flatMap(([id, result]) =>
    (result.targets ?? []).map((check) => ({ section: id, ...check })),
  );
  // A load average that stays high while the benchmark runs makes every figure suspect; it is
  // reported, never gating, so that a busy machine is named next to the verdicts.
  meta.loadAverageAtEnd = loadavg()[0];
  checks.push(
    checkTarget('machine load at the end (1-min load average)', meta.loadAverageAtEnd, {
      atMost: meta.cpus / 2,
      unit: '',
      isGating: false,
    }),
  );
  log('');
  log('== Targets ==');
  for (const check of checks) log(`  ${check.name}: ${formatCheck(check)}`);
  const missed = missedTargets(checks);

  await mkdir(join(root, 'bench', 'results'), { recursive: true });
  const kept = options.sections ? await earlierSections(Object.keys(results)) : {};
  if (Object.keys(kept).length) meta.keptFromEarlierRuns = Object.keys(kept);
  await writeFile(
    resultsFile,
    `${JSON.stringify({ meta, targets: checks, ...kept, ...results }, null, 2)}\n`,
  );
  log('');
  log(`results: ${resultsFile}`);
  if (hasFailed) {
    log('some measurements failed: see the errors above');
    process.exitCode = 1;
  }
  if (missed.length) {
    log(`${missed.length} target(s) missed: ${missed.map((check) => check.name).join('; ')}`);
    process.exitCode = 1;
  }
}

await main();
