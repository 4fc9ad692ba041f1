/**
 * Why a package could not be loaded: a wheel file name that is not one, a
 * wheel for another Python or platform, a name neither Pyodide nor PyPI
 * knows, a download that failed, or an install that failed.
 */
export type PackageErrorReason =
  | 'not-a-wheel'
  | 'wrong-python'
  | 'wrong-platform'
  | 'not-found'
  | 'download'
  | 'install';

/** A package a run needs could not be loaded; the message names it and where it was looked for. */
export class PackageError extends Error {
  override readonly name: string = 'PackageError';
  readonly reason: PackageErrorReason;

  constructor(reason: PackageErrorReason, message: string) {
    super(message);
    this.reason = reason;
  }
}
