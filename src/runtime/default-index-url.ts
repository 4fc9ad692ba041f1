let bundleIndexURL: string | undefined;

/** Set by the bundle's entry: the Pyodide assets are copied next to it. */
export function setDefaultIndexURL(url: string): void {
  bundleIndexURL = url;
}

/** Where the Pyodide assets are when neither configure() nor an `index-url` attribute says. */
export function defaultIndexURL(): string {
  return bundleIndexURL ?? new URL('./', import.meta.url).href;
}
