/** Errors of the state store, each with a reason a program can switch on. */

/** Why the store refused or failed an operation. */
export type StoreErrorReason =
  /** The browser refused to store more: the origin's quota is used up. */
  | 'quota'
  /** IndexedDB cannot be opened here (private mode, blocked, disabled, a broken profile). */
  | 'unavailable'
  /** A stored record does not match its checksum. */
  | 'corrupt'
  /** Another tab saved a newer revision than the one this save was based on. */
  | 'stale'
  /** The revision asked for is not (or no longer) stored. */
  | 'missing'
  /** The caller passed something the store cannot save (a bad path, a bad revision number). */
  | 'invalid';

/** A failed store operation. The previous stored revision is always left whole. */
export class StoreError extends Error {
  override readonly name: string = 'StoreError';
  /** What went wrong, for a program. */
  readonly reason: StoreErrorReason;

  constructor(reason: StoreErrorReason, message: string, options?: ErrorOptions) {
    super(message, options);
    this.reason = reason;
  }
}

/** A save based on a revision older than the stored one; nothing was written. */
export class StaleRevisionError extends StoreError {
  override readonly name = 'StaleRevisionError';
  /** The newest stored revision, which the caller has not seen. */
  readonly currentRevision: number;

  constructor(key: string, baseRevision: number, currentRevision: number) {
    super(
      'stale',
      `Not saved: ${key} is at revision ${currentRevision} (saved in another tab), but this save was based on revision ${baseRevision}`,
    );
    this.currentRevision = currentRevision;
  }
}

/** Turns what IndexedDB threw into a {@link StoreError}; a StoreError passes through. */
export function toStoreError(error: unknown, doing: string): StoreError {
  if (error instanceof StoreError) return error;
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  if (name === 'QuotaExceededError') {
    const message = `Could not ${doing}: this browser's storage quota for the site is used up; the previous saved state is kept. Use Save to keep a copy as a file.`;
    return new StoreError('quota', message, { cause: error });
  }
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const message = `Could not ${doing}: browser storage (IndexedDB) is not available here (${detail}); the previous saved state is kept. Use Save to keep a copy as a file.`;
  return new StoreError('unavailable', message, { cause: error });
}
