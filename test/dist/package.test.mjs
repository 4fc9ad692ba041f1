// What `npm pack` would publish, and the notices and manifest the build adds to dist/.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function packedFiles() {
  // `npm test` has just built dist/; prepack would only build it again.
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return JSON.parse(output)[0].files.map((file) => file.path);
}

suite('the published package', () => {
  test('packs the bundle, its worker, Pyodide, types, manifest and notices, and no source map', () => {
    const files = packedFiles();
    for (const expected of [
      'dist/py-state-runner.js',
      'dist/py-state-runner.worker.js',
      'dist/py-state-runner-bytecode.json',
      'dist/pyodide.mjs',
      'dist/pyodide.asm.mjs',
      'dist/pyodide.asm.wasm',
      'dist/python_stdlib.zip',
      'dist/pyodide-lock.json',
      'dist/types/index.d.ts',
      'dist/custom-elements.json',
      'dist/THIRD_PARTY_LICENSES.txt',
      'LICENSE',
    ]) {
      assert.ok(files.includes(expected), `${expected} is not packed`);
    }
    assert.deepEqual(
      files.filter((file) => file.endsWith('.map')),
      [],
    );
    assert.deepEqual(
      files.filter((file) => !file.startsWith('dist/')),
      ['LICENSE', 'README.md', 'package.json'],
    );
  });

  test('every path package.json points at is packed', () => {
    const files = packedFiles();
    const pointed = [
      manifest.main,
      manifest.types,
      manifest.customElements,
      manifest.exports['.'].default,
      manifest.exports['.'].types,
      manifest.exports['./custom-elements.json'],
    ].map((path) => path.replace(/^\.\//, ''));
    for (const path of pointed) assert.ok(files.includes(path), `${path} is not packed`);
  });

  test('the manifest describes <py-state-runner>', () => {
    const elements = JSON.parse(readFileSync(join(root, manifest.customElements), 'utf8'))
      .modules.flatMap((module) => module.declarations ?? [])
      .filter((declaration) => declaration.customElement);
    assert.deepEqual(
      elements.map((element) => element.tagName),
      ['py-state-runner'],
    );
  });

  test('the notices name the bundled packages and the runtime with their licences', () => {
    const notices = readFileSync(join(root, 'dist', 'THIRD_PARTY_LICENSES.txt'), 'utf8');
    for (const heading of [
      /^lit-html \S+ \(BSD-3-Clause\)$/m,
      /^@codemirror\/view \S+ \(MIT\)$/m,
      /^pyodide \S+ \(MPL-2\.0\)$/m,
      /^CPython .* \(PSF-2\.0\)$/m,
    ]) {
      assert.match(notices, heading);
    }
    assert.match(notices, /Mozilla Public License Version 2\.0/);
    assert.match(notices, /PYTHON SOFTWARE FOUNDATION LICENSE VERSION 2/);
  });

  test('bundled-only packages are not dependencies a consumer installs', () => {
    const installed = Object.keys(manifest.dependencies ?? {});
    for (const bundled of ['pyodide', '@codemirror/view', 'dompurify']) {
      assert.ok(!installed.includes(bundled), `${bundled} is a dependency`);
    }
  });
});
