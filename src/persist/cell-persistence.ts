/**
 * One cell's autosave: it turns the runtime's file deltas and the editor's
 * edits into store revisions, keeps track of the revision this tab has seen,
 * and holds the files in memory only while the store cannot take them. No
 * DOM and no runtime: the element's controller wires it to both.
 */

import type { EnvFile, EnvSnapshotDelta } from '../protocol.js';
import type { StateStore } from './state-store.js';
import { StaleRevisionError, StoreError } from './store-error.js';
import type { LoadResult, PeekResult, SaveResult } from './store-types.js';
import type { TabSync } from './tab-sync.js';

export interface CellPersistenceOptions {
  store: StateStore;
  key: string;
  tabs?: TabSync;
  /** The code saved with the files: the editor's, at save time. */
  code(): string;
  /** Something the cell shows changed: the revision, a warning, a conflict. */
  onChange(): void;
  /** Another tab saved a newer revision and this cell has nothing of its own unsaved: take it. */
  onNewer(): void;
  /** A save committed (the first one asks for persistent storage). */
  onSaved?(result: SaveResult): void;
}

/** How long the editor must be still before its code is kept as a draft. */
export const DRAFT_DELAY_MS = 400;

let draftDelayMs = DRAFT_DELAY_MS;

/** Changes the draft delay (tests: a long one shows that `pagehide` alone saves the edit). */
export function setDraftDelay(milliseconds: number = DRAFT_DELAY_MS): void {
  draftDelayMs = milliseconds;
}

export class CellPersistence {
  readonly key: string;
  #options: CellPersistenceOptions;
  /** The files as this tab knows them, kept only after a save failed (or must be whole). */
  #unsaved: Map<string, EnvFile> | undefined;
  /** The revision whose files the runtime holds (0: none). */
  #filesRevision = 0;
  #paths = new Set<string>();
  #savedCode: string | undefined;
  /** The code last written, as a revision or a draft: an unchanged editor writes nothing. */
  #writtenCode: string | undefined;
  #chain: Promise<void> = Promise.resolve();
  #mustSaveWhole = false;
  #draftTimer: ReturnType<typeof setTimeout> | undefined;
  /** Saves read the code once this settles: a load sets the code only after its files are in. */
  #replacing: Promise<unknown> = Promise.resolve();
  #stopListening: (() => void) | undefined;

  /** The newest revision this tab has seen: what its next save is based on. */
  headRevision = 0;
  /** When the revision the cell shows was saved (ISO 8601). */
  savedAt: string | undefined;
  /** Why the last store operation failed; the cell keeps running. */
  warning: string | undefined;
  /** A newer revision another tab saved while this cell had its own unsaved changes. */
  conflictRevision: number | undefined;

  constructor(options: CellPersistenceOptions) {
    this.#options = options;
    this.key = options.key;
    this.#stopListening = options.tabs?.onSaved((message) => {
      if (message.key !== this.key || message.revision <= this.headRevision) return;
      if (this.hasOwnChanges) {
        this.conflictRevision = Math.max(this.conflictRevision ?? 0, message.revision);
        this.#options.onChange();
      } else this.#options.onNewer();
    });
  }

  /** Code edited or files changed since the revision this tab has seen, not saved yet. */
  get hasOwnChanges(): boolean {
    const code = this.#options.code();
    return this.#unsaved !== undefined || (this.#savedCode ?? code) !== code;
  }

  /**
   * Reads the newest good revision back. Never rejects: a store that cannot
   * be read leaves the cell with the author's code and a warning.
   */
  async restore(): Promise<LoadResult | undefined> {
    let loaded: LoadResult;
    try {
      loaded = await this.#options.store.load(this.key);
    } catch (error) {
      this.#fail(error);
      return undefined;
    }
    this.adopt(loaded);
    if (loaded.warnings.length > 0) {
      const fallback =
        loaded.kind === 'restored' ? 'an earlier saved state' : "the page's own code";
      this.warning = `Some saved data of this cell was damaged and is not used (${loaded.warnings.join('; ')}); restored ${fallback}. Use Save to keep a copy as a file.`;
    }
    return loaded;
  }

  /**
   * The newest revision's code (or draft) before its files are verified, to
   * show at once; `restore` decides what the cell holds. Never rejects: an
   * unreadable store resolves undefined and `restore` says why.
   */
  async peek(): Promise<PeekResult | undefined> {
    try {
      return await this.#options.store.peekCode(this.key);
    } catch {
      return undefined;
    }
  }

  /** Takes a loaded state as the one the runtime now holds. */
  adopt(loaded: LoadResult): void {
    this.headRevision = loaded.headRevision;
    this.conflictRevision = undefined;
    this.#unsaved = undefined;
    if (loaded.kind === 'restored') {
      this.#filesRevision = loaded.revision;
      this.#paths = new Set(loaded.files.map((file) => file.path));
      this.#savedCode = loaded.code;
      this.savedAt = loaded.savedAt;
      this.#writtenCode =
        loaded.draft?.baseRevision === loaded.headRevision ? loaded.draft.code : loaded.code;
    } else {
      this.#filesRevision = 0;
      this.#paths = new Set();
      this.#savedCode = undefined;
      this.savedAt = undefined;
      this.#writtenCode =
        loaded.draft?.baseRevision === loaded.headRevision ? loaded.draft.code : undefined;
    }
    // A damaged newest revision cannot take a change: the next save is whole.
    this.#mustSaveWhole = this.#filesRevision !== this.headRevision;
    this.#options.onChange();
  }

  /** The code the cell shows once restored, when nothing stored named one: an unedited cell writes nothing. */
  baselineCode(code: string): void {
    this.#savedCode ??= code;
    this.#writtenCode ??= code;
  }

  /** The runtime changed the env's folder: saved after the caller goes on, in order. */
  changed(delta: EnvSnapshotDelta): void {
    this.#chain = this.#chain.then(() => this.#save(delta));
  }

  /**
   * `work` replaces the files and then the code (a state file loading): a
   * change it makes is saved once it ended, with its code, not the code from
   * before. Only saves wait for it, not `files()`, which `work` may need.
   */
  whileReplacing(work: Promise<unknown>): void {
    const ended = work.catch(() => {});
    this.#replacing = Promise.all([this.#replacing, ended]);
  }

  /** Resolves once every change handed over so far is saved (or kept in memory). */
  settled(): Promise<void> {
    return this.#chain;
  }

  /** The env's files for a restarting worker: read back from IndexedDB, not kept in the page. */
  async files(): Promise<EnvFile[]> {
    await this.#chain;
    if (this.#unsaved) return [...this.#unsaved.values()];
    if (this.#filesRevision === 0) return [];
    try {
      const content = await this.#options.store.readRevision(this.key, this.#filesRevision);
      return content.files.map(({ path, data, modified }) => ({ path, data, modified }));
    } catch (error) {
      this.#fail(error);
      return [];
    }
  }

  /** The editor changed: keep its code as a draft once the editor is still. */
  codeEdited(): void {
    if (this.#draftTimer !== undefined) clearTimeout(this.#draftTimer);
    this.#draftTimer = setTimeout(() => void this.flushCode(), draftDelayMs);
  }

  /** Writes a pending draft now (the page is being hidden or unloaded). */
  async flushCode(): Promise<void> {
    if (this.#draftTimer === undefined) return;
    clearTimeout(this.#draftTimer);
    this.#draftTimer = undefined;
    const code = this.#options.code();
    if (code === this.#writtenCode) return;
    this.#writtenCode = code;
    try {
      await this.#options.store.saveDraft(this.key, code, this.headRevision);
    } catch (error) {
      this.#fail(error);
    }
  }

  /**
   * Saves this tab's code and files as the newest revision, over one another
   * tab saved (the reader chose "keep mine").
   */
  async keepMine(): Promise<void> {
    await this.#chain;
    const latest = this.conflictRevision ?? this.headRevision;
    this.#chain = this.#chain.then(async () => {
      const files = await this.#wholeFiles();
      this.headRevision = Math.max(this.headRevision, latest);
      this.conflictRevision = undefined;
      await this.#commit({ code: this.#options.code(), baseRevision: this.headRevision, files });
    });
    await this.#chain;
  }

  /** Saves `code` with an empty folder as the newest revision (Reset without the files). */
  async saveEmpty(code: string): Promise<void> {
    this.#chain = this.#chain.then(async () => {
      this.#unsaved = undefined;
      await this.#commit({ code, baseRevision: this.headRevision, files: [] });
    });
    await this.#chain;
  }

  /** Stops listening to other tabs and drops a pending draft timer (after flushing it). */
  dispose(): void {
    void this.flushCode();
    this.#stopListening?.();
  }

  async #save(delta: EnvSnapshotDelta): Promise<void> {
    await this.#replacing;
    const present = new Set(delta.paths);
    if (this.#unsaved !== undefined || this.#mustSaveWhole || this.conflictRevision !== undefined) {
      const files = await this.#wholeFiles(delta);
      // Until the reader chooses, nothing overwrites the other tab's revision.
      if (this.conflictRevision !== undefined) return;
      await this.#commit({ code: this.#options.code(), baseRevision: this.headRevision, files });
      return;
    }
    const removed = [...this.#paths].filter((path) => !present.has(path));
    // Most runs change nothing: not even a read of IndexedDB for them.
    const code = this.#options.code();
    if (delta.changed.length === 0 && removed.length === 0 && code === this.#savedCode) return;
    const pathsBefore = this.#paths;
    this.#paths = present;
    const saved = await this.#commit({
      code: this.#options.code(),
      baseRevision: this.headRevision,
      delta: { changed: delta.changed, removed },
    });
    if (!saved) {
      // Rebuild the whole folder in memory from the last good revision and this change.
      this.#paths = pathsBefore;
      await this.#wholeFiles(delta);
    }
  }

  /** Every file as this tab knows it, kept in memory from now until a save succeeds. */
  async #wholeFiles(delta?: EnvSnapshotDelta): Promise<EnvFile[]> {
    if (this.#unsaved === undefined) {
      this.#unsaved = new Map();
      if (this.#filesRevision > 0) {
        try {
          const content = await this.#options.store.readRevision(this.key, this.#filesRevision);
          for (const { path, data, modified } of content.files) {
            this.#unsaved.set(path, { path, data, modified });
          }
        } catch (error) {
          this.#fail(error);
        }
      }
    }
    if (delta) {
      const present = new Set(delta.paths);
      for (const path of this.#unsaved.keys()) if (!present.has(path)) this.#unsaved.delete(path);
      for (const file of delta.changed) this.#unsaved.set(file.path, file);
      this.#paths = present;
    }
    return [...this.#unsaved.values()];
  }

  /** One save; false when it failed (the previous revision stays whole, the cell says why). */
  async #commit(input: Parameters<StateStore['save']>[1]): Promise<boolean> {
    try {
      const result = await this.#options.store.save(this.key, input);
      this.headRevision = result.revision;
      if (input.files) this.#paths = new Set(input.files.map((file) => file.path));
      this.#filesRevision = result.revision;
      this.#unsaved = undefined;
      this.#mustSaveWhole = false;
      this.#savedCode = input.code;
      this.#writtenCode = input.code;
      this.warning = undefined;
      if (result.saved) {
        this.savedAt = new Date().toISOString();
        this.#options.tabs?.announce(this.key, result.revision);
        this.#options.onSaved?.(result);
      }
      this.#options.onChange();
      return true;
    } catch (error) {
      if (error instanceof StaleRevisionError) {
        this.conflictRevision = error.currentRevision;
        this.#options.onChange();
      } else this.#fail(error);
      return false;
    }
  }

  #fail(error: unknown): void {
    const message =
      error instanceof StoreError
        ? error.message
        : `Could not use browser storage: ${(error as Error).message}. Use Save to keep a copy as a file.`;
    this.warning = message;
    console.warn(`py-state-runner: ${message}`);
    this.#options.onChange();
  }
}
