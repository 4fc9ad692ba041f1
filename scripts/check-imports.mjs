#!/usr/bin/env node
/**
 * Fails (exit 1) on an import cycle in src/ or an import that crosses the
 * layers the wrong way. Type-only and dynamic imports count: a cycle of types
 * couples modules as surely as one of values.
 *
 * The layers (STYLE.md): element → runtime → protocol ← worker,
 * element → editor, runtime/element → state, persist; state/ imports nothing
 * of ours; only index.ts imports element/.
 *
 *   node scripts/check-imports.mjs           checks src/, then checks that the
 *                                            bad fixtures in test/fixtures/imports
 *                                            are caught (so the check can fail)
 *   node scripts/check-imports.mjs <folder>  checks that folder only
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Which layers each layer may import (its own always). */
const ALLOWED = {
  'index.ts': ['element', 'runtime', 'protocol', 'state', 'persist', 'editor'],
  element: ['runtime', 'protocol', 'state', 'persist', 'editor'],
  editor: [],
  runtime: ['protocol', 'state', 'persist'],
  persist: ['protocol', 'state'],
  protocol: ['state'],
  worker: ['protocol', 'state'],
  state: [],
};

// `from '…'`, `import '…'`, `import('…')` and `typeof import('…')`; only
// relative specifiers are ours. Python inside template strings never quotes a
// relative module, so a text scan is enough and needs no TypeScript API
// (TypeScript 7 has none).
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

/** The layer of a file, by its path relative to the checked folder. */
function layerOf(path) {
  const [first, ...rest] = path.split('/');
  if (rest.length === 0)
    return first.replace(/\.ts$/, '') === 'index' ? 'index.ts' : first.replace(/\.ts$/, '');
  return first;
}

function listSources(folder) {
  const found = [];
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      found.push(join(entry.parentPath ?? entry.path, entry.name));
    }
  }
  return found.sort();
}

/** Maps a `.js` specifier to its `.ts` source, as the bundler does. */
function resolveImport(from, specifier) {
  return resolve(dirname(from), specifier).replace(/\.js$/, '.ts');
}

/** The problems of one source folder, as sentences. */
export function checkImports(folder) {
  const files = listSources(folder);
  const known = new Set(files);
  const graph = new Map();
  const problems = [];
  const name = (file) => relative(folder, file).split(sep).join('/');
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const targets = [];
    for (const match of text.matchAll(IMPORT)) {
      const target = resolveImport(file, match[1]);
      if (!known.has(target)) continue;
      targets.push(target);
      const fromLayer = layerOf(name(file));
      const toLayer = layerOf(name(target));
      const allowed = ALLOWED[fromLayer] ?? [];
      if (fromLayer !== toLayer && !allowed.includes(toLayer)) {
        problems.push(
          `${name(file)} imports ${name(target)}: ${fromLayer} may not import ${toLayer} (allowed: ${allowed.join(', ') || 'nothing of ours'})`,
        );
      }
    }
    graph.set(file, targets);
  }
  for (const cycle of findCycles(graph)) {
    problems.push(`import cycle: ${[...cycle, cycle[0]].map(name).join(' → ')}`);
  }
  return problems;
}

/** Each cycle once, found by depth-first search (white/grey/black). */
function findCycles(graph) {
  const state = new Map();
  const stack = [];
  const cycles = [];
  const visit = (node) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push(stack.slice(stack.indexOf(next)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

function report(folder, problems) {
  for (const problem of problems)
    console.error(`check-imports: ${relative(root, folder)}: ${problem}`);
}

const [argument] = process.argv.slice(2);
if (argument) {
  const problems = checkImports(resolve(argument));
  report(resolve(argument), problems);
  process.exit(problems.length > 0 ? 1 : 0);
}

const source = join(root, 'src');
const problems = checkImports(source);
report(source, problems);
// Each bad fixture must be caught, or the check has stopped checking.
const fixtures = join(root, 'test', 'fixtures', 'imports');
let isBlind = false;
for (const entry of readdirSync(fixtures, { withFileTypes: true })) {
  if (!entry.isDirectory()) continue;
  const expected = readFileSync(join(fixtures, entry.name, 'EXPECTED'), 'utf8').trim();
  const found = checkImports(join(fixtures, entry.name));
  if (!found.some((problem) => problem.includes(expected))) {
    console.error(
      `check-imports: the fixture ${entry.name} should fail with "${expected}" but gave: ${found.join('; ') || 'nothing'}`,
    );
    isBlind = true;
  }
}
process.exit(problems.length > 0 || isBlind ? 1 : 0);
