/**
 * A `.py` file imported from TypeScript is its source text: the build and the
 * test server turn it into `export default "<text>"` (scripts/python-text.mjs).
 */
declare module '*.py' {
  const source: string;
  export default source;
}
