/**
 * Regenerates test/fixtures/*.pystate.json: one valid state file and one per
 * refusal reason. Deterministic (fixed dates, fixed bytes), so running it
 * again changes nothing. It encodes with Node's own base64 and sha256 rather
 * than src/state, so the fixtures also check that module from the outside.
 *
 *   node scripts/make-fixtures.mjs
 */

import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';

const FIXTURES = new URL('../test/fixtures/', import.meta.url);

function entry(path, content) {
  const data = Buffer.from(content);
  return {
    path,
    size: data.length,
    sha256: createHash('sha256').update(data).digest('hex'),
    data: data.toString('base64'),
  };
}

const notes = entry('notes.txt', 'Hello from a state file.\n');
const numbers = entry('data/numbers.json', '[1, 2, 3]\n');

const valid = {
  format: 'py-state-runner',
  version: 1,
  name: 'fixture',
  env: 'fixture',
  savedAt: '2026-01-01T00:00:00.000Z',
  code: "print(open('notes.txt').read())\n",
  files: [notes, numbers],
};

/** The layout encodeStateFile writes: one top-level key per line, one file entry per line. */
function stateText(doc) {
  const line = ([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`;
  const keys = Object.entries(doc).map(([key, value]) => {
    if (key !== 'files' || value.length === 0) {
      return `  ${line([key, value])}`;
    }
    const entries = value.map((file) => `    { ${Object.entries(file).map(line).join(', ')} }`);
    return `  "files": [\n${entries.join(',\n')}\n  ]`;
  });
  return `{\n${keys.join(',\n')}\n}\n`;
}

function withFiles(...files) {
  return { ...valid, files };
}

const { code: _code, ...withoutCode } = valid;
const twoKibibytes = new Uint8Array(2048).map((_, index) => index % 256);

const fixtures = {
  valid: valid,
  // A download cut short: the first 120 characters of the valid file.
  'not-json': stateText(valid).slice(0, 120),
  'wrong-format': { ...valid, format: 'some-other-app' },
  'unknown-version': { ...valid, version: '1' },
  'newer-version': { ...valid, version: 2 },
  'missing-field': withoutCode,
  'bad-base64': withFiles({ ...notes, data: 'SGVsbG8@not*base64!' }, numbers),
  'size-mismatch': withFiles({ ...notes, size: notes.size + 1 }, numbers),
  // Same length, one character changed, the old sha256 kept: a tampered file.
  'sha256-mismatch': withFiles(
    { ...notes, data: Buffer.from('Hello from a state fil3.\n').toString('base64') },
    numbers,
  ),
  'dotdot-path': withFiles(entry('../evil.txt', 'outside the cell folder\n'), numbers),
  'absolute-path': withFiles(entry('/etc/passwd', 'root:x:0:0:root:/root:/bin/sh\n'), numbers),
  'nul-path': withFiles(entry('a\u0000b', 'a NUL in the path\n'), numbers),
  'duplicate-path': withFiles(notes, numbers, entry('notes.txt', 'A second notes.txt.\n')),
  // Valid; the test loads it with maxTotalBytes 1024 rather than committing 200 MB.
  'over-limit': withFiles(entry('big.bin', twoKibibytes)),
};

await mkdir(FIXTURES, { recursive: true });
for (const [name, doc] of Object.entries(fixtures)) {
  const text = typeof doc === 'string' ? doc : stateText(doc);
  await writeFile(new URL(`${name}.pystate.json`, FIXTURES), text);
}
console.log(`wrote ${Object.keys(fixtures).length} fixtures to ${FIXTURES.pathname}`);
