/**
 * The `packages` attribute and `configure({ packages })`, read into the specs
 * the worker loads: Pyodide or PyPI names as written, wheel URLs made
 * absolute against the page (inside the worker a relative URL would resolve
 * against the worker's script).
 */

/** A name, optionally with a version specifier for micropip (`requests`, `attrs>=23`). */
const NAME =
  /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?(?:\[[A-Za-z0-9._,-]+\])?(?:(?:==|>=|<=|~=|!=|<|>)[A-Za-z0-9.*+!-]+)?$/;

/** A package list that names something that is neither a package name nor a wheel URL. */
export class PackageSpecError extends Error {
  override name = 'PackageSpecError';
  /** The offending entry, as written. */
  readonly spec: string;

  constructor(spec: string, message: string) {
    super(message);
    this.spec = spec;
  }
}

function isURL(spec: string): boolean {
  return spec.includes('/') || spec.includes(':') || spec.toLowerCase().endsWith('.whl');
}

/**
 * Reads a space- or comma-separated list (or an array of entries) against
 * `baseURI`; throws PackageSpecError naming the first bad entry, before
 * anything is loaded.
 */
export function parsePackageSpecs(list: string | readonly string[], baseURI: string): string[] {
  const entries = (typeof list === 'string' ? [list] : list)
    .flatMap((item) => item.split(/[\s,]+/))
    .filter((item) => item.length > 0);
  const specs: string[] = [];
  for (const entry of entries) {
    const spec = isURL(entry) ? wheelURL(entry, baseURI) : checkedName(entry);
    if (!specs.includes(spec)) specs.push(spec);
  }
  return specs;
}

function wheelURL(entry: string, baseURI: string): string {
  if (!URL.canParse(entry, baseURI)) {
    throw new PackageSpecError(entry, `packages: ${JSON.stringify(entry)} is not a valid URL.`);
  }
  const url = new URL(entry, baseURI);
  if (!url.pathname.toLowerCase().endsWith('.whl')) {
    throw new PackageSpecError(
      entry,
      `packages: ${JSON.stringify(entry)} is not a wheel URL (its file name must end in .whl).`,
    );
  }
  return url.href;
}

function checkedName(entry: string): string {
  if (!NAME.test(entry)) {
    throw new PackageSpecError(
      entry,
      `packages: ${JSON.stringify(entry)} is neither a package name nor a wheel URL.`,
    );
  }
  return entry;
}
