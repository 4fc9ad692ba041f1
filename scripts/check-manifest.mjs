#!/usr/bin/env node
/**
 * Generates custom-elements.json from the JSDoc (into a scratch folder, not
 * dist/) and fails (exit 1) unless it documents the element's whole public
 * surface: every attribute of the contract, every event of the typed event
 * map, every part the templates use, every `--psr-*` custom property the
 * styles declare, each with a description, and none of the `@query` fields.
 * The expectations are read from the sources, so a new part or custom
 * property without its JSDoc line fails here.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const element = join(root, 'src', 'element');
// The analyzer joins outdir to the working folder, so it must be relative.
const scratch = 'node_modules/.cache/check-manifest';

/** The contract's attributes (DESIGN.md), plus `theme`; `persist`, `packages`, `storage-key` are not built yet. */
const ATTRIBUTES = ['name', 'env', 'index-url', 'src', 'readonly', 'preload', 'autorun', 'theme'];
const METHODS = [
  'run',
  'stop',
  'saveState',
  'downloadState',
  'loadState',
  'clearState',
  'inspectState',
  'addDataFiles',
];

function sourcesUnder(folder) {
  return readdirSync(folder, { recursive: true })
    .filter((path) => path.endsWith('.ts'))
    .map((path) => readFileSync(join(folder, path), 'utf8'));
}

const sources = sourcesUnder(element);
const parts = new Set(
  sources.flatMap((text) =>
    [...text.matchAll(/\bpart="([^"$]+)"/g)].flatMap((m) => m[1].split(/\s+/)),
  ),
);
const customProperties = new Set(
  sources.flatMap((text) => [...text.matchAll(/(--psr-[a-z0-9-]+)\s*:/g)].map((m) => m[1])),
);
const eventMap = readFileSync(join(element, 'events.ts'), 'utf8');
const events = [...eventMap.matchAll(/^\s*'([a-z-]+)': CustomEvent</gm)].map((m) => m[1]);
const elementSource = readFileSync(join(element, 'py-state-runner-element.ts'), 'utf8');
const queries = [...elementSource.matchAll(/@query\([^)]*\)[^;]*?accessor (\w+)/g)].map(
  (m) => m[1],
);

const cem = createRequire(import.meta.url).resolve('@custom-elements-manifest/analyzer/cem.js');
const run = spawnSync(
  process.execPath,
  [
    cem,
    'analyze',
    '--config',
    'custom-elements-manifest.config.mjs',
    '--outdir',
    scratch,
    '--quiet',
  ],
  { cwd: root, encoding: 'utf8' },
);
if (run.status !== 0) {
  console.error(`check-manifest: the analyzer failed:\n${run.stdout}${run.stderr}`);
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(join(root, scratch, 'custom-elements.json'), 'utf8'));
rmSync(join(root, scratch), { recursive: true, force: true });

const declaration = manifest.modules
  .flatMap((module) => module.declarations ?? [])
  .find((candidate) => candidate.tagName === 'py-state-runner');
const problems = [];
if (!declaration) {
  problems.push('no declaration has the tag name py-state-runner');
} else {
  const named = (list = []) => new Map(list.map((entry) => [entry.name, entry]));
  const expect = (what, list, names) => {
    const found = named(list);
    for (const name of names) {
      if (!found.has(name)) problems.push(`${what} ${name} is missing`);
      else if (!found.get(name).description) problems.push(`${what} ${name} has no description`);
    }
  };
  expect('attribute', declaration.attributes, ATTRIBUTES);
  expect('event', declaration.events, events);
  expect('part', declaration.cssParts, parts);
  expect('custom property', declaration.cssProperties, customProperties);
  const publicMembers = (declaration.members ?? []).filter(
    (member) => member.privacy !== 'private' && member.privacy !== 'protected',
  );
  expect(
    'method',
    publicMembers.filter((member) => member.kind === 'method'),
    METHODS,
  );
  for (const member of publicMembers) {
    if (queries.includes(member.name)) problems.push(`the @query field ${member.name} is public`);
    if (!member.description)
      problems.push(`the public ${member.kind} ${member.name} has no description`);
  }
  for (const event of declaration.events ?? []) {
    if (!event.type?.text?.startsWith('CustomEvent<'))
      problems.push(`event ${event.name} has no detail type`);
  }
}
if (
  events.length === 0 ||
  parts.size === 0 ||
  customProperties.size === 0 ||
  queries.length === 0
) {
  problems.push(
    'found no events, parts, custom properties or @query fields in the sources: the check is blind',
  );
}
for (const problem of problems) console.error(`check-manifest: ${problem}`);
process.exit(problems.length > 0 ? 1 : 0);
