import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { CellPersistence } from '../persist/cell-persistence.js';
import { readCodeCopy, writeCodeCopy } from '../persist/code-copy.js';
import { sharedStateStore, sharedTabSync } from '../persist/shared-state-store.js';
import {
  requestPersistentStorage,
  type StorageSummary,
  storageSummary,
} from '../persist/storage-info.js';
import { storageKeyFor } from '../persist/storage-key.js';
import type { DraftInfo, LoadResult, StoredFile } from '../persist/store-types.js';
import type { RuntimeClient } from '../runtime/runtime-client.js';
import { sharedRuntime } from '../runtime/shared-runtime.js';

/** What the controller needs of the element. */
export interface PersistHost extends ReactiveControllerHost, HTMLElement {
  readonly env: string;
  readonly name: string;
  readonly persist: 'local' | 'none';
  readonly storageKey: string;
  code: string;
  /** The author's code (markup or `src`), once known. */
  readonly authorCode: Promise<string>;
  /** Called after anything changed the cell's files. */
  stateChanged(): void;
}

export interface PersistControllerOptions {
  /**
   * A new revision was stored. The save ends after the run or load that
   * caused it has already refreshed the cell, so what lists revisions
   * (History) must read again now.
   */
  onSaved?(): void;
}

/**
 * What a cell shows of a stored state: the draft edited after the newest
 * revision, else the code of the revision it holds (none: the author's).
 */
function codeToShow(
  headRevision: number,
  draft: DraftInfo | undefined,
  saved: { code: string; savedAt: string } | undefined,
): { code: string; savedAt: string } | undefined {
  return draft?.baseRevision === headRevision ? draft : saved;
}

/** How long the editor chunk waits at most for a stored cell's code to show. */
const CODE_WAIT_MS = 300;

/** Whether `navigator.storage.persist()` was asked already: once per page is enough. */
let askedPersistence = false;

/**
 * A `persist="local"` cell's autosave: restores its code at once and its
 * files when Python starts, saves after each change, keeps the files of its
 * env out of page memory, and says when storage or another tab needs the
 * reader. A `persist="none"` cell reads and writes nothing.
 */
export class PersistController implements ReactiveController {
  #host: PersistHost;
  #options: PersistControllerOptions;
  #persistence: CellPersistence | undefined;
  #unbind: (() => void) | undefined;
  #ready: Promise<void> = Promise.resolve();
  #codeShown: Promise<void> = Promise.resolve();
  #isRestored = false;
  /** Restores and takes of a newer state still under way. */
  #pending = 0;
  /** The page may go away: the code draft and the quick copy are written now. */
  #onPageHide = () => {
    void this.#persistence?.flushCode();
    this.#copyCode();
  };
  #onHide = () => {
    if (document.visibilityState === 'hidden' || !document.hidden) this.#onPageHide();
  };
  /** Whether the code shown now came from the quick copy, not yet confirmed by IndexedDB. */
  #isFromCopy = false;

  /** When the restored state was saved (ISO 8601), while the "restored" line shows. */
  restoredSavedAt: string | undefined;
  /** The Reset question is showing. */
  isAskingReset = false;
  /** Persistent or best-effort, and how much is used, when read. */
  storage: StorageSummary | undefined;

  constructor(host: PersistHost, options: PersistControllerOptions = {}) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  get #runtime(): RuntimeClient {
    return sharedRuntime();
  }

  /**
   * Resolves once the stored code is shown (or known absent), and at the
   * latest after CODE_WAIT_MS: the editor chunk waits for it.
   */
  get codeShown(): Promise<void> {
    return this.#codeShown;
  }

  /** Resolves once the stored state is back (or known absent): runs and state reads wait for it. */
  get ready(): Promise<void> {
    return this.#ready;
  }

  /** Whether nothing is being restored or taken now, so a run need not wait (and keeps its code as at the call). */
  get isReady(): boolean {
    return this.#pending === 0;
  }

  get isActive(): boolean {
    return this.#persistence !== undefined;
  }

  get warning(): string | undefined {
    return this.#persistence?.warning;
  }

  get conflictRevision(): number | undefined {
    return this.#persistence?.conflictRevision;
  }

  /** The newest stored revision this cell has seen (0: none). */
  get revision(): number {
    return this.#persistence?.headRevision ?? 0;
  }

  /** Resolves once every change so far is saved (tests, the benchmark). */
  async settled(): Promise<void> {
    await this.#ready;
    await this.#persistence?.settled();
    await this.#persistence?.flushCode();
  }

  /** Starts autosave for the cell; `initialCode` resolves once the markup's code is in. */
  start(initialCode: Promise<void>): void {
    if (this.#persistence || this.#host.persist === 'none') return;
    let key: string;
    try {
      key = storageKeyFor({ location, name: this.#host.name, storageKey: this.#host.storageKey });
    } catch {
      return;
    }
    const persistence = new CellPersistence({
      store: sharedStateStore(),
      key,
      tabs: sharedTabSync(),
      code: () => this.#host.code,
      onChange: () => this.#host.requestUpdate(),
      onNewer: () => void this.loadNewer(),
      onSaved: () => {
        this.#copyCode();
        this.#options.onSaved?.();
        if (askedPersistence) return;
        askedPersistence = true;
        void requestPersistentStorage().then(() => this.refreshStorage());
      },
    });
    this.#persistence = persistence;
    // The quick copy shows at once; IndexedDB's answer replaces it before the editor exists.
    const copied = readCodeCopy(key);
    if (copied !== undefined) {
      this.#host.code = copied;
      this.#isFromCopy = true;
    }
    let shown = () => {};
    // A blocked IndexedDB (a tab with an older version open) must not keep the editor away.
    this.#codeShown = new Promise<void>((resolve) => {
      shown = resolve;
      setTimeout(resolve, CODE_WAIT_MS);
    });
    const restoring = this.#restore(persistence, initialCode, shown);
    void restoring.finally(shown).catch(() => {});
    this.#ready = this.#track(restoring);
  }

  hostConnected(): void {
    addEventListener('pagehide', this.#onPageHide);
    document.addEventListener('visibilitychange', this.#onHide);
  }

  hostDisconnected(): void {
    this.#copyCode();
    removeEventListener('pagehide', this.#onPageHide);
    document.removeEventListener('visibilitychange', this.#onHide);
    this.#unbind?.();
    this.#unbind = undefined;
    this.#persistence?.dispose();
    this.#persistence = undefined;
    this.#isRestored = false;
    this.#isFromCopy = false;
    this.#ready = Promise.resolve();
    this.#codeShown = Promise.resolve();
  }

  /** The editor's text changed. */
  codeEdited(): void {
    // Setting the markup's or the restored code is no edit.
    if (this.#isRestored) this.#persistence?.codeEdited();
  }

  /** A run began: the "restored" line has said what it had to. */
  runStarted(): void {
    if (this.restoredSavedAt === undefined) return;
    this.restoredSavedAt = undefined;
    this.#host.requestUpdate();
  }

  /** Replaces this cell's code and files with the newest revision another tab saved. */
  async loadNewer(): Promise<void> {
    const persistence = this.#persistence;
    if (!persistence) return;
    const taking = this.#ready.then(async () => {
      await persistence.settled();
      let loaded: LoadResult;
      try {
        loaded = await sharedStateStore().load(persistence.key);
      } catch {
        return;
      }
      if (loaded.kind !== 'restored') return;
      persistence.adopt(loaded);
      this.#host.code = loaded.code;
      await this.#putFiles(loaded.files);
      this.#host.stateChanged();
    });
    this.#ready = this.#track(taking);
    await taking;
  }

  /** A state file is loading: its files are saved with its code, not the code before it. */
  whileLoading(loading: Promise<unknown>): void {
    this.#persistence?.whileReplacing(loading);
  }

  /** Saves this tab's code and files as the newest revision, over the other tab's. */
  async keepMine(): Promise<void> {
    await this.#persistence?.keepMine();
  }

  askReset(): void {
    this.isAskingReset = true;
    this.#host.requestUpdate();
  }

  cancelReset(): void {
    this.isAskingReset = false;
    this.#host.requestUpdate();
  }

  /** Puts the author's code back; `keepFiles` false also empties the folder. */
  async reset(keepFiles: boolean): Promise<void> {
    this.isAskingReset = false;
    this.restoredSavedAt = undefined;
    const code = await this.#host.authorCode;
    this.#host.code = code;
    if (!keepFiles) {
      const { env } = this.#host;
      if (this.#runtime.isStartedOrStarting) {
        await this.#runtime.call('clearEnv', { env });
        await this.#runtime.call('dropCleared', { env });
      } else await this.#persistence?.saveEmpty(code);
      this.#host.stateChanged();
    }
    this.#host.requestUpdate();
  }

  /** Reads whether storage is persistent and how much is used, for the State panel. */
  async refreshStorage(): Promise<void> {
    this.storage = await storageSummary();
    this.#host.requestUpdate();
  }

  #track(work: Promise<void>): Promise<void> {
    this.#pending += 1;
    const done = work.finally(() => {
      this.#pending -= 1;
    });
    done.catch(() => {});
    return done;
  }

  async #restore(
    persistence: CellPersistence,
    initialCode: Promise<void>,
    shown: () => void,
  ): Promise<void> {
    const loading = persistence.restore();
    // The code shows once the newest manifest is read; its files are verified meanwhile (10 MB take a while).
    const [peeked] = await Promise.all([persistence.peek(), initialCode]);
    if (this.#persistence !== persistence) return;
    // The code before the restore: the page's own, unless the quick copy stands in its place.
    const authorCode = this.#isFromCopy ? await this.#host.authorCode : this.#host.code;
    if (this.#persistence !== persistence) return;
    const early = peeked && codeToShow(peeked.headRevision, peeked.draft, peeked.newest);
    if (early) this.#showCode(early);
    // The quick copy named code that IndexedDB does not hold (any more): the page's own.
    else if (this.#isFromCopy) this.#host.code = authorCode;
    this.#isFromCopy = false;
    shown();
    const loaded = await loading;
    if (this.#persistence !== persistence) return;
    const restored = loaded?.kind === 'restored' ? loaded : undefined;
    const final = loaded && codeToShow(loaded.headRevision, loaded.draft, restored);
    // A file of the newest revision proved damaged: the cell takes the earlier revision's code, or the author's.
    if (final && (final.code !== early?.code || final.savedAt !== early.savedAt)) {
      this.#showCode(final);
    } else if (!final && early) {
      this.#host.code = authorCode;
      this.restoredSavedAt = undefined;
    }
    persistence.baselineCode(this.#host.code);
    this.#isRestored = true;
    writeCodeCopy(persistence.key, final ? final.code : undefined);
    this.#unbind = this.#runtime.bindEnv(this.#host.env, persistence);
    // Python already started for another cell: the files go in through the queue, before this cell's first run.
    if (restored) {
      if (this.#runtime.isStartedOrStarting) await this.#putFiles(restored.files);
      this.#host.stateChanged();
    }
    this.#host.requestUpdate();
  }

  /** Keeps the code shown now as the quick copy, once it is this cell's restored or edited code. */
  #copyCode(): void {
    if (this.#isRestored && this.#persistence)
      writeCodeCopy(this.#persistence.key, this.#host.code);
  }

  #showCode(shown: { code: string; savedAt: string }): void {
    this.#host.code = shown.code;
    this.restoredSavedAt = shown.savedAt;
    this.#host.requestUpdate();
  }

  /** Puts stored files into a running worker; one that has not started reads them from the store. */
  async #putFiles(files: StoredFile[]): Promise<void> {
    if (!this.#runtime.isStartedOrStarting) return;
    const { name, env } = this.#host;
    try {
      // A stored file is an env file with its size: the worker reads what it needs.
      await this.#runtime.call('restoreFiles', { envs: [{ env, files }] });
    } catch (error) {
      console.warn(`py-state-runner: could not put the stored files of ${name} back`, error);
    }
  }
}
