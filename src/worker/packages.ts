import type { PyodideAPI } from 'pyodide';
import type { PyProxy } from 'pyodide/ffi';
import type { PackageProgress } from '../protocol.js';
import { watchDownloads } from './download-progress.js';
import { PackageError } from './package-error.js';
import { assertWheelForPyodide, type PyodidePlatform } from './wheel-tags.js';

/** Where packages come from, for loading and for the messages that say where a package was looked for. */
export interface PackageSources {
  /** The folder that wheels named in the lock file are downloaded from. */
  baseURL: string;
  /** The lock file that says which names are Pyodide packages. */
  lockFileURL: string;
}

type Report = (progress: PackageProgress) => void;

/** Pyodide's loader says "No known package with name 'x'" for a name its lock file lacks. */
const UNKNOWN_PACKAGE = /No known package/;

/** Pyodide's error lines, as one sentence, without its "The following error occurred" preamble. */
function sentence(lines: string[]): string {
  return lines
    .filter((line) => !/^The following error occurred while loading/.test(line))
    .join(' ')
    .trim();
}

/** The packages named in Pyodide's error lines ("…while loading psr_missing:"). */
function failedNames(lines: string[]): string[] {
  return lines.flatMap((line) => /while loading (\S+?):?$/.exec(line)?.[1] ?? []);
}

/**
 * Loads packages into one Pyodide: names from the lock file, PyPI names
 * through micropip, and wheel URLs (tags checked first, since Pyodide
 * installs a wheel for any platform). Each spec is loaded once for the
 * runtime's life; every failure is a PackageError that names the package and
 * where it was looked for, never a silent empty result.
 */
export class PackageLoader {
  #pyodide: PyodideAPI;
  #platform: PyodidePlatform;
  #sources: PackageSources;
  #loaded = new Set<string>();

  constructor(pyodide: PyodideAPI, platform: PyodidePlatform, sources: PackageSources) {
    this.#pyodide = pyodide;
    this.#platform = platform;
    this.#sources = sources;
  }

  /** Loads what is not loaded yet, in order; resolves with the specs it loaded now. */
  async load(specs: readonly string[], report: Report): Promise<string[]> {
    const fresh = specs.filter((spec) => !this.#loaded.has(spec));
    const stopWatching = watchDownloads(report);
    try {
      for (const spec of fresh) {
        if (spec.includes('://')) await this.#loadWheel(spec);
        else await this.#loadName(spec);
        this.#loaded.add(spec);
      }
    } finally {
      stopWatching();
    }
    return fresh;
  }

  /** Loads the Pyodide packages that `code` imports; resolves with their names. */
  async loadImports(code: string, report: Report): Promise<string[]> {
    // Code without the word cannot import anything: skip Pyodide's parse of
    // it, a fifth of a warm print(1)'s time in the worker.
    if (!code.includes('import')) return [];
    const errors: string[] = [];
    const stopWatching = watchDownloads(report);
    let loaded: { name: string }[];
    try {
      loaded = await this.#pyodide.loadPackagesFromImports(code, {
        messageCallback: () => {},
        errorCallback: (message) => errors.push(message),
      });
    } finally {
      stopWatching();
    }
    if (errors.length > 0) {
      const names = failedNames(errors);
      throw new PackageError(
        'download',
        `Could not load ${names.length > 0 ? names.join(', ') : 'a package this code imports'} from ${this.#sources.baseURL}: ${sentence(errors)}`,
      );
    }
    const names = loaded.map((entry) => entry.name);
    for (const name of names) this.#loaded.add(name);
    return names;
  }

  async #loadWheel(url: string): Promise<void> {
    const { fileName } = assertWheelForPyodide(url, this.#platform);
    const errors: string[] = [];
    const loaded = await this.#pyodide.loadPackage(url, {
      messageCallback: () => {},
      errorCallback: (message) => errors.push(message),
    });
    if (loaded.length === 0 || errors.length > 0) {
      throw new PackageError(
        'download',
        `Could not load the wheel ${fileName} from ${url}: ${sentence(errors) || 'nothing was installed'}`,
      );
    }
  }

  async #loadName(name: string): Promise<void> {
    const errors: string[] = [];
    try {
      await this.#pyodide.loadPackage(name, {
        messageCallback: () => {},
        errorCallback: (message) => errors.push(message),
      });
    } catch (error) {
      if (!UNKNOWN_PACKAGE.test((error as Error).message)) {
        throw new PackageError('install', `Could not load ${name}: ${(error as Error).message}`);
      }
      await this.#installFromPyPI(name);
      return;
    }
    if (errors.length > 0) {
      throw new PackageError(
        'download',
        `Could not load ${name} from ${this.#sources.baseURL}: ${sentence(errors)}`,
      );
    }
  }

  /** A name the lock file lacks is a PyPI name: micropip installs it (pure-Python wheels only). */
  async #installFromPyPI(name: string): Promise<void> {
    const errors: string[] = [];
    const notPyodide = `${name} is not a Pyodide package (${this.#sources.lockFileURL} does not list it)`;
    try {
      await this.#pyodide.loadPackage('micropip', {
        messageCallback: () => {},
        errorCallback: (message) => errors.push(message),
      });
    } catch (error) {
      errors.push((error as Error).message);
    }
    if (errors.length > 0) {
      throw new PackageError(
        'not-found',
        `${notPyodide}, and micropip, which installs packages from PyPI, could not load from ${this.#sources.baseURL}: ${sentence(errors)}`,
      );
    }
    const micropip: PyProxy = this.#pyodide.pyimport('micropip');
    try {
      await micropip.install(name);
    } catch (error) {
      const lines = (error as Error).message.trim().split('\n');
      throw new PackageError(
        'not-found',
        `${notPyodide}, and micropip could not install it from PyPI: ${lines[lines.length - 1]}`,
      );
    } finally {
      micropip.destroy();
    }
  }
}
