import { copyFile, mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import { BYTECODE_FILE, pythonBytecodeRollup } from './scripts/python-bytecode.mjs';
import { pythonTextRollup } from './scripts/python-text.mjs';
import { thirdPartyLicenses } from './scripts/third-party-licenses.mjs';

const root = dirname(fileURLToPath(import.meta.url));
const pyodideFolder = join(root, 'node_modules', 'pyodide');
const PYODIDE_ASSETS = [
  'pyodide.mjs',
  'pyodide.asm.mjs',
  'pyodide.asm.wasm',
  'python_stdlib.zip',
  'pyodide-lock.json',
];

/** Points the runtime client at the worker chunk and the bytecode file that sit next to the bundle. */
function workerChunkURL() {
  return {
    name: 'worker-chunk-url',
    transform(code, id) {
      if (!id.endsWith('worker-url.ts')) return null;
      return code
        .replace("'../worker/runtime.worker.js'", "'./py-state-runner.worker.js'")
        .replace("'../worker/python/bytecode.json'", `'./${BYTECODE_FILE}'`);
    },
  };
}

/** Copies Pyodide's core next to the bundle, so that dist/ works on any static host. */
function copyPyodide() {
  return {
    name: 'copy-pyodide',
    async writeBundle(options) {
      await mkdir(options.dir, { recursive: true });
      await Promise.all(
        PYODIDE_ASSETS.map((file) => copyFile(join(pyodideFolder, file), join(options.dir, file))),
      );
    },
  };
}

function cleanOnce() {
  return {
    name: 'clean-dist',
    async buildStart() {
      await rm(join(root, 'dist'), { recursive: true, force: true });
    },
  };
}

const plugins = [
  pythonTextRollup(),
  nodeResolve({ browser: true }),
  esbuild({ target: 'es2022', tsconfig: 'tsconfig.json' }),
  terser({ format: { comments: false }, module: true }),
];

// One instance for both builds, so the notice lists the packages of the bundle and the worker.
const licenses = thirdPartyLicenses();

// Source maps help while developing; package.json's `files` keeps them out of the package.
const output = { dir: 'dist', format: 'es', sourcemap: true };

export default [
  {
    input: { 'py-state-runner': 'src/index.ts' },
    // The editor is a chunk of its own, loaded after the element (see createEditor).
    output: {
      ...output,
      entryFileNames: '[name].js',
      chunkFileNames: 'py-state-runner-[name]-[hash].js',
    },
    plugins: [
      cleanOnce(),
      workerChunkURL(),
      ...plugins,
      copyPyodide(),
      pythonBytecodeRollup(),
      licenses,
    ],
  },
  {
    input: { 'py-state-runner.worker': 'src/worker/runtime.worker.ts' },
    output: { ...output, entryFileNames: '[name].js' },
    plugins: [...plugins, licenses],
  },
];
