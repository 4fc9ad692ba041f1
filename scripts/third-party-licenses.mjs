// Writes dist/THIRD_PARTY_LICENSES.txt: the licence of every package the bundles contain,
// found from the modules rollup actually put in them (not from package.json), plus Pyodide
// and CPython, whose files are copied next to the bundle rather than bundled.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

// Pyodide's npm package ships no licence file, and CPython's licence is nowhere in it:
// both texts are kept in scripts/licenses/ (MPL-2.0 from Debian's common-licenses, the PSF
// licence from CPython's own LICENSE.txt).
const copiedRuntime = [
  {
    name: 'pyodide',
    version: readPackage(join(root, 'node_modules', 'pyodide')).version,
    license: 'MPL-2.0',
    text: readFileSync(join(here, 'licenses', 'MPL-2.0.txt'), 'utf8'),
    note: 'Pyodide (https://pyodide.org): pyodide.mjs, pyodide.asm.mjs, pyodide.asm.wasm, pyodide-lock.json.',
  },
  {
    name: 'CPython',
    version: '3.14 (inside pyodide.asm.wasm and python_stdlib.zip)',
    license: 'PSF-2.0',
    text: readFileSync(join(here, 'licenses', 'CPython-LICENSE.txt'), 'utf8'),
    note: 'The Python interpreter and standard library, as built by Pyodide.',
  },
];

/** @param {string} folder */
function readPackage(folder) {
  return JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
}

/** The package folder a module file belongs to, or undefined for our own sources. */
function packageFolderOf(moduleId) {
  const marker = `${sep}node_modules${sep}`;
  const at = moduleId.lastIndexOf(marker);
  if (at === -1) return undefined;
  const rest = moduleId.slice(at + marker.length).split(sep);
  const length = rest[0].startsWith('@') ? 2 : 1;
  return moduleId.slice(0, at + marker.length) + rest.slice(0, length).join(sep);
}

/** Every licence-like file of a package, so dual licences (DOMPurify) keep both texts. */
function licenceTexts(folder) {
  const files = readdirSync(folder)
    .filter((name) => /^(licen[cs]e|copying|notice)/i.test(name))
    .sort();
  if (files.length === 0) {
    throw new Error(`third-party-licenses: ${folder} has no licence file to ship`);
  }
  return files.map((name) => readFileSync(join(folder, name), 'utf8').trim()).join('\n\n');
}

function section({ name, version, license, text, note }) {
  const rule = '='.repeat(78);
  const heading = `${name} ${version} (${license})${note ? `\n${note}` : ''}`;
  return `${rule}\n${heading}\n${rule}\n\n${text.trim()}\n`;
}

/**
 * A rollup plugin: give the same instance to every build of the config; each write lists the
 * packages seen so far, so the last build's write lists them all.
 * @param {{ fileName?: string }} [options]
 */
export function thirdPartyLicenses({ fileName = 'THIRD_PARTY_LICENSES.txt' } = {}) {
  const folders = new Set();
  return {
    name: 'third-party-licenses',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        for (const id of Object.keys(chunk.modules)) {
          const folder = packageFolderOf(id.replace(/^\0/, ''));
          if (folder && existsSync(join(folder, 'package.json'))) folders.add(folder);
        }
      }
    },
    async writeBundle(options) {
      const bundled = [...folders]
        .map((folder) => {
          const manifest = readPackage(folder);
          return {
            name: manifest.name,
            version: manifest.version,
            license: manifest.license ?? 'see below',
            text: licenceTexts(folder),
          };
        })
        .sort((a, b) => a.name.localeCompare(b.name));
      const header =
        'py-state-runner bundles or ships the following third-party software.\n' +
        'Each entry gives the package, its version, its licence identifier and the licence text.\n';
      const body = [...bundled, ...copiedRuntime].map(section).join('\n');
      await writeFile(join(options.dir, fileName), `${header}\n${body}`);
    },
  };
}
