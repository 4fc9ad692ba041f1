#!/usr/bin/env node
// Takes docs/screenshot.png: the demo after the ledger cell ran twice, the shared-notes cells
// once each and the error cell once. Builds nothing: run `npm run build` first.
//
//   node scripts/screenshot.mjs [--out docs/screenshot.png] [--full-page]

import { existsSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { chromiumFlags, findChromium } from './chromium.mjs';
import { startServer } from './serve.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const maxBytes = 600 * 1024;

/** The cells to run, in order, and what each run must show for the picture to be worth taking. */
const runs = [
  { name: 'ledger', ok: true, stdout: 'Runs so far: 1' },
  { name: 'ledger', ok: true, stdout: 'Runs so far: 2' },
  { name: 'notes-writer', ok: true, stdout: 'wrote note.txt' },
  { name: 'notes-reader', ok: true, stdout: 'written by notes-writer' },
  { name: 'broken-average', ok: false, error: 'ZeroDivisionError' },
];

function parseArguments(argv) {
  const options = { out: resolve(root, 'docs/screenshot.png'), fullPage: false };
  for (let index = 0; index < argv.length; index++) {
    if (argv[index] === '--out') options.out = resolve(argv[++index]);
    else if (argv[index] === '--full-page') options.fullPage = true;
    else throw new Error(`unknown option ${argv[index]}`);
  }
  return options;
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  if (!existsSync(resolve(root, 'dist/py-state-runner.js'))) {
    throw new Error('dist/py-state-runner.js is missing: run `npm run build` first');
  }
  const server = await startServer({ root, port: 0, isolation: true });
  const browser = await puppeteer.launch({
    executablePath: findChromium(),
    headless: true,
    args: chromiumFlags,
  });
  try {
    const page = await browser.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warn') {
        console.error(`page ${message.type()}: ${message.text()}`);
      }
    });
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    page.on('requestfailed', (request) => console.error(`request failed: ${request.url()}`));
    page.on('response', (response) => {
      if (response.status() >= 400) console.error(`HTTP ${response.status()}: ${response.url()}`);
    });
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    await page.setViewport({ width: 1100, height: 1400, deviceScaleFactor: 1 });
    await page.goto(`${server.url}demo/`, { waitUntil: 'load' });
    await page.waitForFunction(() => customElements.get('py-state-runner') !== undefined);

    for (const expected of runs) {
      const result = await page.evaluate(
        (name) => document.querySelector(`py-state-runner[name="${name}"]`).run(),
        expected.name,
      );
      const text = `${result.stdout}${result.stderr}${result.error?.traceback ?? ''}`;
      const looksRight =
        result.ok === expected.ok &&
        (!expected.stdout || result.stdout.includes(expected.stdout)) &&
        (!expected.error || result.error?.type === expected.error);
      if (!looksRight) {
        throw new Error(`${expected.name} did not run as expected:\n${JSON.stringify(result)}`);
      }
      console.log(`ran ${expected.name} in ${Math.round(result.durationMs)} ms`);
      if (process.env.DEBUG) console.log(text);
    }
    // Everything to capture must lie inside the viewport: CodeMirror measures its lines only
    // where they are visible, so an editor captured beyond the viewport keeps estimated heights
    // and its line numbers drift from its lines.
    const height = await page.evaluate(() => {
      document.activeElement?.blur?.();
      const cell = document.querySelector('py-state-runner[name="broken-average"]');
      return Math.ceil(cell.getBoundingClientRect().bottom + window.scrollY + 24);
    });
    const fullHeight = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewport({
      width: 1100,
      height: options.fullPage ? fullHeight : height,
      deviceScaleFactor: 1,
    });
    await page.evaluate(async () => {
      window.scrollTo(0, 0);
      await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    });

    await mkdir(dirname(options.out), { recursive: true });
    await page.screenshot({ path: options.out });
    const { size } = await stat(options.out);
    console.log(`wrote ${options.out} (${Math.round(size / 1024)} KB)`);
    if (size > maxBytes) console.warn(`warning: over ${maxBytes / 1024} KB`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error) => {
  console.error(`screenshot: ${error.stack ?? error}`);
  process.exit(1);
});
