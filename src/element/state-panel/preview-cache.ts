import type { FilePreview, FileReport } from '../../protocol.js';
import { sharedRuntime } from '../../runtime/shared-runtime.js';

/** Rows a table preview shows. */
export const PREVIEW_ROWS = 20;

/**
 * Files up to this size open with their preview; a larger one loads it when
 * its row is opened, so a folder of big files costs only a listing. Databases
 * always open: their preview reads a count and 20 rows per table, whatever
 * the file's size.
 */
export const AUTO_PREVIEW_BYTES = 16 * 1024;

/**
 * Rows open by themselves only in a folder of at most this many files: in a
 * larger one each preview waits for the reader to open its row, so 10,000
 * small files cost one listing, not 10,000 worker requests.
 */
export const AUTO_OPEN_MAX_FILES = 20;

export type PreviewState =
  | { status: 'loading' }
  | { status: 'ready'; preview: FilePreview }
  | { status: 'error'; message: string };

interface CachedPreview {
  /** The file's size and mtime when it was read. */
  key: string;
  state: PreviewState;
  loaded: Promise<void>;
}

/**
 * Which file rows are open, and the previews of one env's files, read by the
 * worker's own Python. Each preview is kept until its file's size or
 * modification time changes, so a refresh after a run that did not touch a
 * file reads nothing of it again.
 */
export class PreviewCache {
  #entries = new Map<string, CachedPreview>();
  /** Rows the reader opened or closed; the others follow AUTO_PREVIEW_BYTES. */
  #opened = new Map<string, boolean>();
  #onChange: () => void;

  #owner: object | undefined;

  /** `owner`: the cell whose Stop cancels the preview reads. */
  constructor(onChange: () => void, owner?: object) {
    this.#onChange = onChange;
    this.#owner = owner;
  }

  get(path: string): PreviewState | undefined {
    return this.#entries.get(path)?.state;
  }

  /** As the reader left the row, else open when the folder is small and the file is small or a database. */
  isOpen(file: FileReport, isDatabase: boolean, fileCount: number): boolean {
    const opensItself =
      fileCount <= AUTO_OPEN_MAX_FILES && (isDatabase || file.size <= AUTO_PREVIEW_BYTES);
    return this.#opened.get(file.path) ?? opensItself;
  }

  setOpen(path: string, open: boolean): void {
    this.#opened.set(path, open);
  }

  clear(): void {
    this.#entries.clear();
    this.#opened.clear();
  }

  /** Forgets the previews of files that are gone or changed, and the rows of files that are gone. */
  prune(files: readonly FileReport[]): void {
    const present = new Map(files.map((file) => [file.path, file]));
    for (const [path, entry] of this.#entries) {
      const file = present.get(path);
      if (!file || entry.key !== keyOf(file)) this.#entries.delete(path);
    }
    for (const path of this.#opened.keys()) if (!present.has(path)) this.#opened.delete(path);
  }

  /** Reads a file's preview unless a current one is kept (or on its way). */
  load(env: string, file: FileReport): Promise<void> {
    const key = keyOf(file);
    const kept = this.#entries.get(file.path);
    if (kept && kept.key === key && kept.state.status !== 'error') return kept.loaded;
    const entry: CachedPreview = { key, state: { status: 'loading' }, loaded: Promise.resolve() };
    this.#entries.set(file.path, entry);
    entry.loaded = sharedRuntime()
      .call(
        'preview',
        { env, path: file.path, rowLimit: PREVIEW_ROWS },
        this.#owner ? { owner: this.#owner } : {},
      )
      .then(
        (preview) => {
          entry.state = { status: 'ready', preview };
        },
        (error: unknown) => {
          entry.state = { status: 'error', message: (error as Error).message };
        },
      )
      .finally(() => this.#onChange());
    return entry.loaded;
  }
}

function keyOf(file: FileReport): string {
  return `${file.size}:${file.modified}`;
}
