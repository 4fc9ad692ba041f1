// Opens a page in headless Chromium, runs the page's first cell, and records every request
// the page and its workers made (DevTools reports a dedicated worker's requests on the page).

import puppeteer from 'puppeteer-core';
import { chromiumFlags, findChromium } from '../../scripts/chromium.mjs';

/**
 * @param {string} url a page holding one `<py-state-runner>`
 * @returns {Promise<{ result: { ok: boolean, stdout: string, stderr: string }, requests: string[], problems: string[] }>}
 */
export async function runFirstCell(url) {
  const browser = await puppeteer.launch({
    executablePath: findChromium(),
    headless: true,
    args: chromiumFlags,
  });
  const requests = [];
  const problems = [];
  try {
    const page = await browser.newPage();
    page.on('request', (request) => requests.push(request.url()));
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
    });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => customElements.get('py-state-runner') !== undefined, {
      timeout: 30000,
    });
    const result = await page.evaluate(async () => {
      const { ok, stdout, stderr } = await document.querySelector('py-state-runner').run();
      return { ok, stdout, stderr };
    });
    return { result, requests, problems };
  } finally {
    await browser.close();
  }
}

/** The requests that went to another origin than `origin` (blob: and data: URLs are local). */
export function foreignRequests(requests, origin) {
  return requests.filter(
    (url) => !url.startsWith('blob:') && !url.startsWith('data:') && new URL(url).origin !== origin,
  );
}
