import type { ReactiveControllerHost } from 'lit';
import { sharedStateStore } from '../../persist/shared-state-store.js';
import { storageKeyFor } from '../../persist/storage-key.js';
import type { RevisionInfo } from '../../persist/store-types.js';
import { encodeStateFile } from '../../state/state-file.js';
import type { LoadSource } from '../state-actions-controller.js';
import { revisionLabel } from './revision-text.js';

/** What the controller needs of the element. */
export interface HistoryHost extends ReactiveControllerHost, HTMLElement {
  readonly name: string;
  readonly env: string;
}

export interface HistoryActions {
  /** The cell's state file as it is now, for Undo. */
  save(): Promise<Blob>;
  /** Loads a state file through the one validated, all-or-nothing import path. */
  load(file: Blob, source: LoadSource): Promise<void>;
  /** Shows an error in the message line and fires `state-error`. */
  fail(error: Error): void;
  /** Whether the State panel, where History lives, is open. */
  isShown(): boolean;
}

/** The state before the last restore, which Undo puts back. */
interface UndoOffer {
  file: Blob;
  /** The revision that was restored. */
  revision: number;
}

/**
 * History in the State panel: the cell's recent revisions from the store,
 * newest first, each with what it changed, and Restore of any of them
 * through the same import as `loadState`, with Undo back to the state
 * before the restore.
 */
export class HistoryController {
  #host: HistoryHost;
  #actions: HistoryActions;
  #generation = 0;

  /** The revisions as last read, newest first; undefined until read. */
  entries: RevisionInfo[] | undefined;
  /** Why the history could not be read or a revision restored. */
  error: string | undefined;
  /** The outcome of the last restore or Undo. */
  message: string | undefined;
  /** Undo is on offer after a restore. */
  undo: UndoOffer | undefined;
  /** A restore or Undo is under way. */
  isBusy = false;

  constructor(host: HistoryHost, actions: HistoryActions) {
    this.#host = host;
    this.#actions = actions;
  }

  /** The store key of the cell, or undefined when it keeps nothing (`persist="none"`). */
  get storageKey(): string | undefined {
    if (this.#host.getAttribute('persist') === 'none') return undefined;
    return storageKeyFor({
      location,
      name: this.#host.name,
      storageKey: this.#host.getAttribute('storage-key'),
    });
  }

  /** Re-reads the list from the store, while the panel shows it. */
  async refresh(): Promise<void> {
    if (!this.#actions.isShown()) return;
    const key = this.storageKey;
    if (key === undefined) return;
    const generation = ++this.#generation;
    try {
      const entries = await sharedStateStore().history(key);
      if (generation !== this.#generation) return;
      this.entries = entries;
      this.error = undefined;
    } catch (error) {
      if (generation !== this.#generation) return;
      this.error = `Could not read the history: ${(error as Error).message}`;
    }
    this.#host.requestUpdate();
  }

  /**
   * Puts a revision's files and code back into the cell, validated and
   * swapped in as a loaded state file is; Undo then returns the state before.
   * A revision that is gone or damaged changes nothing and says why.
   */
  async restore(revision: number): Promise<void> {
    const key = this.storageKey;
    if (key === undefined || this.isBusy) return;
    this.#setBusy(true);
    try {
      const label = await this.#restore(key, revision);
      this.message = `Restored ${label}.`;
      this.error = undefined;
      this.#focusAfterUpdate('[part~=history-undo-button]');
    } catch (error) {
      this.#refused(error as Error, `Could not restore revision ${revision}`);
    } finally {
      this.#setBusy(false);
    }
    void this.refresh();
  }

  /** Reads, encodes and loads a revision; resolves its label. */
  async #restore(key: string, revision: number): Promise<string> {
    let file: Blob;
    let label: string;
    try {
      const content = await sharedStateStore().readRevision(key, revision);
      label = revisionLabel(revision, content.savedAt);
      file = await encodeStateFile({
        name: this.#host.name,
        env: this.#host.env,
        savedAt: content.savedAt,
        code: content.code,
        files: content.files.map(({ path, data }) => ({ path, data })),
      });
    } catch (error) {
      // save() and load() report their own failures; the store's are reported here.
      this.#actions.fail(error as Error);
      throw error;
    }
    const before = await this.#actions.save();
    await this.#actions.load(file, { kind: 'history', label });
    this.undo = { file: before, revision };
    return label;
  }

  /** Puts back the state from before the last restore. */
  async undoRestore(): Promise<void> {
    const undo = this.undo;
    if (undo === undefined || this.isBusy) return;
    this.#setBusy(true);
    try {
      await this.#actions.load(undo.file, { kind: 'history-undo' });
      this.undo = undefined;
      this.message = `Undid the restore of revision ${undo.revision}.`;
      this.error = undefined;
    } catch (error) {
      this.#refused(error as Error, 'Could not undo the restore');
    } finally {
      this.#setBusy(false);
    }
    void this.refresh();
  }

  /** A run changes the files, so Undo would throw its work away: the offer ends. */
  endUndo(): void {
    if (this.undo === undefined) return;
    this.undo = undefined;
    this.message = undefined;
    this.#host.requestUpdate();
  }

  /** Shows why in History; the message line and state-error have it already. */
  #refused(error: Error, doing: string): void {
    this.error = `${doing}, so nothing was changed: ${error.message}`;
    this.message = undefined;
  }

  #setBusy(value: boolean): void {
    this.isBusy = value;
    this.#host.requestUpdate();
  }

  #focusAfterUpdate(selector: string): void {
    void this.#host.updateComplete.then(() =>
      this.#host.shadowRoot?.querySelector<HTMLElement>(selector)?.focus(),
    );
  }
}
