let bundleIndexURL: string | undefined;

/** Set by the bundle's entry: the Pyodide assets are copied next to it. */
export function setDefaultIndexURL(url: string): void {
  bundleIndexURL = url;
}

/** Where the Pyodide assets are when neither configure() nor an `index-url` attribute says. */
export function defaultIndexURL(): string {
  return bundleIndexURL ?? folderOf(import.meta.url);
}

/**
 * The folder of a module URL. Not `new URL('./', import.meta.url)`: bundlers
 * (Vite) take that pattern for an asset reference and warn that the folder
 * does not exist at build time.
 */
export function folderOf(moduleURL: string): string {
  const withoutQuery = moduleURL.split(/[?#]/, 1)[0]!;
  return withoutQuery.slice(0, withoutQuery.lastIndexOf('/') + 1);
}
