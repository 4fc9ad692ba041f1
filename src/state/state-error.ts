/**
 * The one error every refused state file, classic demo download or share
 * link rejects with. Its own module so that the decoders of each format can
 * throw it without importing each other.
 */

/** Why a state file was refused; a program can switch on it. */
export type StateFileErrorReason =
  | 'not-json'
  | 'format'
  | 'version'
  | 'newer-version'
  | 'field'
  | 'path'
  | 'duplicate-path'
  | 'base64'
  | 'size'
  | 'checksum'
  | 'too-large'
  /** A classic demo download whose `database` is not a SQLite database. */
  | 'not-sqlite'
  /** A share link whose data does not decompress. */
  | 'compression';

/** A state file that cannot be written or loaded, with the reason and the file path at fault. */
export class StateFileError extends Error {
  override readonly name = 'StateFileError';
  /** What is wrong, for a program. */
  readonly reason: StateFileErrorReason;
  /** The path of the file inside the state file at fault, when there is one. */
  readonly path?: string;

  constructor(
    reason: StateFileErrorReason,
    message: string,
    path?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.reason = reason;
    this.path = path;
  }
}
