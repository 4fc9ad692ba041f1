/**
 * Whether a wheel can run in this Pyodide, judged from its file name (PEP 427:
 * `name-version(-build)?-python-abi-platform.whl`, each tag possibly a
 * dot-separated set). Checked before installing because Pyodide's
 * `loadPackage(url)` unpacks any wheel it is given, a Windows one included,
 * and the failure only shows later as a confusing ImportError.
 */

import { PackageError, type PackageErrorReason } from './package-error.js';

/** What the runtime is, from `pyodide-lock.json`'s `info` (e.g. python 3.14.2, abi 2026_0). */
export interface PyodidePlatform {
  python: string;
  abi_version: string;
  arch: string;
  platform: string;
}

export type WheelTagErrorReason = Extract<
  PackageErrorReason,
  'not-a-wheel' | 'wrong-python' | 'wrong-platform'
>;

/** A wheel this runtime cannot install is a `PackageError`; the message names the file and what it was built for. */
export const WheelTagError = PackageError;
export type WheelTagError = PackageError;

export interface WheelTags {
  fileName: string;
  python: string[];
  abi: string[];
  platform: string[];
}

/** The tags of a wheel URL or file name; throws `not-a-wheel` for anything else. */
export function parseWheelTags(url: string): WheelTags {
  const fileName = decodeURIComponent(url.split(/[?#]/)[0]!.split('/').pop() ?? '');
  const parts = fileName.endsWith('.whl') ? fileName.slice(0, -4).split('-') : [];
  if (parts.length !== 5 && parts.length !== 6) {
    throw new WheelTagError('not-a-wheel', `${fileName || url} is not a wheel file name`);
  }
  const [python, abi, platform] = parts.slice(-3).map((tag) => tag.split('.'));
  return { fileName, python: python!, abi: abi!, platform: platform! };
}

/** Refuses a wheel built for another Python or another platform than this Pyodide. */
export function assertWheelForPyodide(url: string, info: PyodidePlatform): WheelTags {
  const tags = parseWheelTags(url);
  const [major, minor] = info.python.split('.');
  const cpython = `cp${major}${minor}`;
  const pythons = new Set([`py${major}`, `py${major}${minor}`, cpython]);
  const abis = new Set(['none', 'abi3', cpython]);
  const pyodidePlatform = `pyodide_${info.abi_version}_${info.arch}`;
  // Pyodide's own lock file tags its wheels `pyemscripten_<abi>_<arch>` (numpy 2.4.6 in 314.0.7).
  const platforms = new Set([
    'any',
    pyodidePlatform,
    `pyemscripten_${info.abi_version}_${info.arch}`,
    `${info.platform}_${info.arch}`,
  ]);
  if (!tags.python.some((tag) => pythons.has(tag)) || !tags.abi.some((tag) => abis.has(tag))) {
    throw new WheelTagError(
      'wrong-python',
      `${tags.fileName} is built for ${tags.python.join('.')}-${tags.abi.join('.')}, not for Python ${info.python} (${cpython})`,
    );
  }
  if (!tags.platform.some((tag) => platforms.has(tag))) {
    throw new WheelTagError(
      'wrong-platform',
      `${tags.fileName} is built for ${tags.platform.join('.')}, not for Pyodide (${pyodidePlatform}); only pure-Python (any) or Pyodide wheels install here`,
    );
  }
  return tags;
}
