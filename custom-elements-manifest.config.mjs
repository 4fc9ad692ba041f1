// The custom elements manifest (dist/custom-elements.json), built from the JSDoc by `npm run build`.
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/worker/**', 'src/**/*.test.ts'],
  litelement: true,
  outdir: 'dist',
  // package.json already names the manifest; the analyzer must not rewrite it during a build.
  packagejson: false,
};
