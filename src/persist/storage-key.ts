/** The key a cell's state is stored under. */

/** What {@link storageKeyFor} needs: a page location, the cell's name, the `storage-key` attribute. */
export interface StorageKeyInput {
  /** The page's location; `origin` and `pathname` are used (not the query or the hash). */
  location: { origin: string; pathname: string };
  /** The cell's `name`. */
  name: string;
  /** The cell's `storage-key` attribute, when set: it replaces page and name. */
  storageKey?: string | null;
}

/**
 * The store key of a cell: `page:<origin><path>#<name>` by default, so two
 * pages with a cell of the same name keep separate states, or
 * `key:<storage-key>` when an author shares one state across pages. The two
 * prefixes keep a storage-key from ever colliding with a page key.
 */
export function storageKeyFor({ location, name, storageKey }: StorageKeyInput): string {
  if (storageKey !== undefined && storageKey !== null && storageKey !== '') {
    return `key:${storageKey}`;
  }
  if (name === '') {
    throw new TypeError('A cell needs a name (or a storage-key) for its state to be stored');
  }
  return `page:${location.origin}${location.pathname}#${name}`;
}
