// What a page downloads: every file in dist/, raw and gzipped, with totals for our own code and
// for the Pyodide core assets copied next to the bundle.

import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { formatBytes } from '../lib/stats.mjs';

/** Level 9, as a static host or CDN that precompresses would serve it. */
const gzipLevel = 9;

/** @param {string} folder */
async function listFiles(folder) {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

/**
 * Pyodide's files are recognised by name: the build copies them from node_modules/pyodide
 * unchanged. If a bundler ever inlines pyodide.mjs into one of our chunks, that loader
 * (18 KiB) is counted as our code.
 * @param {string} name
 * @param {Set<string>} pyodideNames
 */
function categorize(name, pyodideNames) {
  if (name.endsWith('.map') || name.endsWith('.d.ts')) return 'other';
  if (pyodideNames.has(basename(name))) return 'pyodide';
  if (['.js', '.mjs'].includes(extname(name))) return 'ours';
  return 'other';
}

function total(files) {
  return {
    count: files.length,
    raw: files.reduce((sum, file) => sum + file.raw, 0),
    gzip: files.reduce((sum, file) => sum + file.gzip, 0),
  };
}

/** @type {import('../run.mjs').BenchSection} */
export const sizesSection = {
  id: 'sizes',
  title: `dist/ sizes (raw, gzip -${gzipLevel})`,
  async run({ root, log }) {
    const distDir = join(root, 'dist');
    let paths;
    try {
      paths = await listFiles(distDir);
    } catch (error) {
      if (error.code !== 'ENOENT') throw error;
      const message = 'dist/ does not exist: run `npm run build` first (`npm run bench` does)';
      log(`  ${message}`);
      return { files: [], errors: [{ message }] };
    }
    const pyodideNames = new Set(await readdir(join(root, 'node_modules', 'pyodide')));
    const files = [];
    for (const path of paths) {
      const bytes = await readFile(path);
      const name = relative(distDir, path).split('\\').join('/');
      files.push({
        name,
        category: categorize(name, pyodideNames),
        raw: bytes.length,
        gzip: gzipSync(bytes, { level: gzipLevel }).length,
      });
    }

    const totals = {
      ours: total(files.filter((file) => file.category === 'ours')),
      pyodide: total(files.filter((file) => file.category === 'pyodide')),
      other: total(files.filter((file) => file.category === 'other')),
      all: total(files),
    };

    const line = (label, raw, gzip, note = '') =>
      log(`  ${label.padEnd(44)}${raw.padStart(12)}${gzip.padStart(12)}  ${note}`.trimEnd());
    const row = (label, raw, gzip, note) => line(label, formatBytes(raw), formatBytes(gzip), note);
    line('file', 'raw', 'gzip');
    // Type declarations are not downloaded by a page: one line for all of them.
    const declarations = files.filter((file) => file.name.endsWith('.d.ts'));
    for (const file of files) {
      if (!file.name.endsWith('.d.ts')) row(file.name, file.raw, file.gzip, file.category);
    }
    if (declarations.length > 0) {
      const { raw, gzip } = total(declarations);
      row(`(${declarations.length} .d.ts files)`, raw, gzip, 'other');
    }
    log('');
    row(`our code (${totals.ours.count} .js files)`, totals.ours.raw, totals.ours.gzip);
    row(
      `Pyodide core assets (${totals.pyodide.count} files)`,
      totals.pyodide.raw,
      totals.pyodide.gzip,
    );
    row(`everything in dist/ (${totals.all.count} files)`, totals.all.raw, totals.all.gzip);

    return { gzipLevel, files, totals, errors: [] };
  },
};
