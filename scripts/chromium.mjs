// The one place that says which Chromium the tests, the benchmark and the screenshot use,
// and how it is started: nothing here downloads a browser.

import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Flags for headless Chromium on these machines: root has no sandbox, and no network is reached. */
export const chromiumFlags = [
  '--headless=new',
  // Root in a container has no user namespace for the sandbox.
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const executableNames = ['chromium', 'google-chrome', 'chromium-browser', 'google-chrome-stable'];

/** `CHROME_PATH`, else /usr/bin/chromium, else the first Chromium or Chrome on `PATH`. */
export function findChromium() {
  if (process.env.CHROME_PATH) return process.env.CHROME_PATH;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of executableNames) {
      const candidate = join(folder, name);
      if (folder && existsSync(candidate)) return candidate;
    }
  }
  throw new Error(
    'No Chromium or Chrome found: set CHROME_PATH, or install one (Debian: apt-get install chromium).',
  );
}
