import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// Pyodide's runtime files that py-state-runner loads at run time, by these exact names.
const PYODIDE_FILES = [
  'pyodide.mjs',
  'pyodide.asm.mjs',
  'pyodide.asm.wasm',
  'python_stdlib.zip',
  'pyodide-lock.json',
];

/**
 * `vite build` bundles py-state-runner into a chunk under `assets/`, and the cell looks for
 * Pyodide next to that chunk. Pyodide asks for its files by fixed names, which Vite would
 * hash, so this copies them there unhashed. `vite` (the dev server) needs none of this.
 */
function pyStateRunnerAssets() {
  let assetsDir = 'assets';
  let root = process.cwd();
  return {
    name: 'py-state-runner-assets',
    apply: 'build',
    configResolved(config) {
      assetsDir = config.build.assetsDir;
      root = config.root;
    },
    generateBundle() {
      const require = createRequire(join(root, 'package.json'));
      const dist = dirname(require.resolve('py-state-runner/dist/pyodide.mjs'));
      for (const file of PYODIDE_FILES) {
        this.emitFile({
          type: 'asset',
          fileName: `${assetsDir}/${file}`,
          source: readFileSync(join(dist, file)),
        });
      }
    },
  };
}

export default {
  plugins: [pyStateRunnerAssets()],
};
