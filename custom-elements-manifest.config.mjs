/**
 * custom-elements.json from the element's JSDoc (`@fires`, `@csspart`,
 * `@cssprop`, property and method comments), for IDEs, Storybook and docs.
 * https://custom-elements-manifest.open-wc.org/analyzer/config/
 */
export default {
  globs: ['src/**/*.ts'],
  // The worker is no element, and its Python sources only slow the analysis down.
  exclude: ['src/worker/**', 'src/**/*.d.ts'],
  outdir: 'dist',
  // The `@property()` accessors and `static styles` of Lit.
  litelement: true,
  // package.json's `customElements` field is written by hand, not by the build.
  packagejson: false,
};
