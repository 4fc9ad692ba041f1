// Headless Chromium for the benchmark sections: launch with a throwaway profile, load a bench
// page, read the `window.__benchResult` it publishes.

import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { chromiumFlags, findChromium } from '../../scripts/chromium.mjs';

export { findChromium };

/** How long one measurement may take before it is reported as hung. */
export const measurementTimeoutMs = 120_000;

/**
 * A new, empty Chromium profile folder that outlives the browsers launched on it, for a return
 * visit after a restart. `remove()` deletes it.
 * @returns {Promise<{ userDataDir: string, remove: () => Promise<void> }>}
 */
export async function createProfile() {
  const userDataDir = await mkdtemp(join(tmpdir(), 'py-state-runner-bench-'));
  return { userDataDir, remove: () => rm(userDataDir, { recursive: true, force: true }) };
}

/**
 * Launches Chromium. Without `profile`, on a new, empty profile, so nothing is cached (a cold
 * start) and closing the browser deletes it; with one from {@link createProfile}, on that
 * profile, which closing leaves in place.
 * @param {{ profile?: { userDataDir: string } }} [options]
 * @returns {Promise<{ browser: import('puppeteer-core').Browser, close: () => Promise<void> }>}
 */
export async function launchBrowser({ profile } = {}) {
  const owned = profile ? undefined : await createProfile();
  const { userDataDir } = profile ?? owned;
  let browser;
  try {
    browser = await puppeteer.launch({
      executablePath: findChromium(),
      headless: true,
      userDataDir,
      args: chromiumFlags,
    });
  } catch (error) {
    await owned?.remove();
    throw error;
  }
  return {
    browser,
    close: async () => {
      await browser.close();
      await owned?.remove();
    },
  };
}

/**
 * A reader's return visit: loads `url` once to fill the caches (HTTP cache, compiled wasm,
 * IndexedDB, Cache Storage), then again, and resolves with the second visit's result. With
 * `restart`, the browser is closed and started again on the same profile in between, so only
 * what the profile keeps on disk survives; without, the second visit is a new navigation in the
 * same browser (its memory caches too). Leaving the page ends its worker either way, so the
 * second visit starts a new runtime.
 * @param {string} url a bench page that publishes `window.__benchResult`
 * @param {string} label names the measurement in errors
 * @param {{ restart?: boolean }} [options]
 */
export async function measureReturnVisit(url, label, { restart = false } = {}) {
  const profile = await createProfile();
  try {
    let { browser, close } = await launchBrowser({ profile });
    try {
      let [page] = await browser.pages();
      await measurePage(page, url, `${label}, first visit`);
      if (restart) {
        await close();
        ({ browser, close } = await launchBrowser({ profile }));
        [page] = await browser.pages();
      } else {
        await page.goto('about:blank');
      }
      return await measurePage(page, url, label);
    } finally {
      await close();
    }
  } finally {
    await profile.remove();
  }
}

/**
 * Return visits of several pages that start from the same caches: one profile visits every page
 * once (in `urls` order, each until its result), the browser closes, and then each page, in the
 * same order, is visited again in a browser started on a copy of that profile. Each second visit
 * so finds the same HTTP cache and the same compiled wasm in V8's code cache, where pages that
 * load the same wasm URL share one entry. That entry decides most of a warm start (~0.2 s of
 * top-tier compilation when the first visits left a well tiered-up module, seconds when not; see
 * the README's Benchmark section), and which one a first visit leaves behind is chance; on copies
 * of one profile, the pages are compared on the same draw instead of each on its own.
 * `beforeCopy` runs on the profile's page before the browser closes, to remove what a second
 * visit must not find. Resolves with each page's second-visit result, in `urls` order; each is
 * traced for V8's WebAssembly events only and gains `wasmTopTierMs`: how long V8 spent compiling
 * Pyodide's wasm to optimised code during the visit (on all threads).
 * @param {string[]} urls bench pages that publish `window.__benchResult`
 * @param {string} label names the measurement in errors
 * @param {{ beforeCopy?: (page: import('puppeteer-core').Page) => Promise<void> }} [options]
 */
export async function measureSharedReturnVisits(urls, label, { beforeCopy } = {}) {
  const profile = await createProfile();
  try {
    const { browser, close } = await launchBrowser({ profile });
    try {
      const [page] = await browser.pages();
      for (const url of urls) await measurePage(page, url, `${label}, first visit of ${url}`);
      await page.goto('about:blank');
      await beforeCopy?.(page);
    } finally {
      await close();
    }
    const results = [];
    for (const url of urls) {
      const copy = await createProfile();
      try {
        await cp(profile.userDataDir, copy.userDataDir, { recursive: true });
        const { browser, close } = await launchBrowser({ profile: copy });
        try {
          const [page] = await browser.pages();
          // A visit that fails throws past the trace: closing the browser below ends it.
          await page.tracing.start({ categories: ['v8.wasm'] });
          const result = await measurePage(page, url, label);
          const trace = await page.tracing.stop();
          results.push({ ...result, wasmTopTierMs: topTierMs(trace) });
        } finally {
          await close();
        }
      } finally {
        await copy.remove();
      }
    }
    return results;
  } finally {
    await profile.remove();
  }
}

/** The summed duration of V8's `wasm.TopTierCompilation` events in a trace, in ms. */
function topTierMs(trace) {
  const { traceEvents } = JSON.parse(Buffer.from(trace).toString('utf8'));
  let microseconds = 0;
  for (const event of traceEvents) {
    if (event.name === 'wasm.TopTierCompilation' && event.dur) microseconds += event.dur;
  }
  return microseconds / 1000;
}

/**
 * Navigates `page` to `url` and waits for the page's `window.__benchResult`.
 * Resolves with that result; rejects if the page reports `{ error }`, or after
 * `measurementTimeoutMs` with what the page logged, so a hang says where it hung.
 * @param {import('puppeteer-core').Page} page
 * @param {string} url
 * @param {string} label names the measurement in errors, e.g. "cell.html, cold, run 2/5"
 * @returns {Promise<Record<string, unknown> & { crossOriginIsolated: boolean }>}
 */
export async function measurePage(page, url, label) {
  const problems = [];
  const onConsole = (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  };
  const onPageError = (error) => problems.push(`uncaught: ${error.message}`);
  const onResponse = (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} ${response.url()}`);
  };
  const onRequestFailed = (request) =>
    problems.push(`failed: ${request.url()} (${request.failure()?.errorText})`);
  page.on('console', onConsole);
  page.on('pageerror', onPageError);
  page.on('response', onResponse);
  page.on('requestfailed', onRequestFailed);

  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => {
      const seen = problems.length ? ` The page logged:\n  ${problems.join('\n  ')}` : '';
      reject(new Error(`${label}: no result within ${measurementTimeoutMs / 1000} s.${seen}`));
    }, measurementTimeoutMs);
  });
  const measurement = (async () => {
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 0 });
    const handle = await page.waitForFunction(() => window.__benchResult, {
      polling: 50,
      timeout: 0,
    });
    const result = await handle.jsonValue();
    await handle.dispose();
    const crossOriginIsolated = await page.evaluate(() => window.crossOriginIsolated);
    return { ...result, crossOriginIsolated };
  })();
  // The losing promise of the race must not surface later as an unhandled rejection.
  measurement.catch(() => {});
  try {
    const result = await Promise.race([measurement, timeout]);
    if (result.error !== undefined) {
      const seen = problems.length ? `\n  ${problems.join('\n  ')}` : '';
      throw new Error(`${label}: the page reported: ${result.error}${seen}`);
    }
    return result;
  } finally {
    clearTimeout(timer);
    page.off('console', onConsole);
    page.off('pageerror', onPageError);
    page.off('response', onResponse);
    page.off('requestfailed', onRequestFailed);
  }
}

/** The version string of the Chromium the sections will launch, for the results file. */
export async function chromiumVersion() {
  const { browser, close } = await launchBrowser();
  try {
    return await browser.version();
  } finally {
    await close();
  }
}

/**
 * Collects what goes wrong on a page (console errors, uncaught errors, failed requests), so that
 * a step that fails or hangs can say what the page saw. `stop()` detaches the listeners.
 * @param {import('puppeteer-core').Page} page
 */
export function watchPage(page) {
  const problems = [];
  const listeners = {
    console: (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    },
    pageerror: (error) => problems.push(`uncaught: ${error.message}`),
    response: (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()} ${response.url()}`);
    },
    requestfailed: (request) =>
      problems.push(`failed: ${request.url()} (${request.failure()?.errorText})`),
  };
  for (const [event, listener] of Object.entries(listeners)) page.on(event, listener);
  return {
    problems,
    stop: () => {
      for (const [event, listener] of Object.entries(listeners)) page.off(event, listener);
    },
  };
}

/**
 * Resolves like `promise`, or rejects after `timeoutMs` with `label` and what the page logged.
 * @template T
 * @param {Promise<T>} promise
 * @param {string} label names the step in errors, e.g. "state.html: save of 50 MiB, run 2/3"
 * @param {{ problems: string[] }} [watch] from {@link watchPage}
 * @param {number} [timeoutMs]
 * @returns {Promise<T>}
 */
export async function within(promise, label, watch, timeoutMs = measurementTimeoutMs) {
  const seen = () => (watch?.problems.length ? `\n  ${watch.problems.join('\n  ')}` : '');
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${label}: no answer within ${timeoutMs / 1000} s.${seen()}`)),
      timeoutMs,
    );
  });
  // The losing promise of the race must not surface later as an unhandled rejection.
  promise.catch(() => {});
  try {
    return await Promise.race([promise, timeout]);
  } catch (error) {
    if (error.message.startsWith(label)) throw error;
    throw new Error(`${label}: ${error.message}${seen()}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}
