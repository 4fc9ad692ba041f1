#!/usr/bin/env node
/**
 * Lints and format-checks the worker's Python with Ruff's WebAssembly build,
 * so no Python install is needed. Fails on any diagnostic or unformatted
 * file; `--write` formats the files in place instead of failing on format.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PositionEncoding, Workspace } from '@astral-sh/ruff-wasm-nodejs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const folders = [join(root, 'src', 'worker', 'python')];

function workspace() {
  const settings = Workspace.defaultSettings();
  // Pyodide 314 runs CPython 3.14; the line length matches Biome's.
  settings.set('target-version', 'py314');
  settings.set('line-length', 100);
  settings.get('lint').set('extend-select', ['I', 'UP', 'B', 'SIM', 'RUF']);
  return new Workspace(settings, PositionEncoding.Utf16);
}

async function pythonFiles(folder) {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.py'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

const write = process.argv.includes('--write');
const ruff = workspace();
let problems = 0;
const files = (await Promise.all(folders.map(pythonFiles))).flat();
for (const file of files) {
  const name = relative(root, file);
  const source = await readFile(file, 'utf8');
  for (const diagnostic of ruff.check(source)) {
    problems += 1;
    const { row, column } = diagnostic.start_location;
    console.error(`${name}:${row}:${column}: ${diagnostic.code ?? 'syntax'} ${diagnostic.message}`);
  }
  const formatted = ruff.format(source);
  if (formatted === source) continue;
  if (write) {
    await writeFile(file, formatted);
    console.log(`${name}: formatted`);
  } else {
    problems += 1;
    console.error(`${name}: not formatted (run node scripts/ruff.mjs --write)`);
  }
}
if (files.length === 0) {
  console.error('No Python files found under src/worker/python.');
  process.exit(1);
}
if (problems > 0) {
  console.error(`Ruff: ${problems} problem(s) in ${files.length} Python files.`);
  process.exit(1);
}
console.log(`Ruff: ${files.length} Python files clean.`);
