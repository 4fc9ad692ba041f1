import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LoadedState, StateReport } from '../protocol.js';
import type { RuntimeClient } from '../runtime/runtime-client.js';
import { sharedRuntime } from '../runtime/shared-runtime.js';
import { stateFileName } from '../state/state-file.js';
import { downloadBlob } from './download.js';
import { emit } from './events.js';
import { formatBytes } from './format.js';

/** What the controller needs of the element. */
export interface StateActionsHost extends ReactiveControllerHost, HTMLElement {
  readonly env: string;
  readonly name: string;
  code: string;
  /** A read-only cell keeps its code when it loads a state file. */
  readonly readonly: boolean;
  /** Called after anything changed the cell's files. */
  stateChanged(): void;
}

export type StateMessage = { kind: 'info' | 'error'; text: string };

/**
 * Where a loaded state file came from: a file (Load, drop, `loadState`), a
 * share link, a revision of History (`label` names it), or History's Undo.
 */
export type LoadSource =
  | { kind: 'file' }
  | { kind: 'share-link' }
  | { kind: 'history'; label: string }
  | { kind: 'history-undo' };

/** How long Undo is offered after Clear. */
const UNDO_MS = 8000;

/**
 * Save, Load, Clear (with Undo) and Inspect of a cell's state, for both the
 * methods and the toolbar: each fires its event and leaves a message in the
 * cell, whichever way it was asked for.
 */
export class StateActionsController implements ReactiveController {
  #host: StateActionsHost;
  #undoTimer: ReturnType<typeof setTimeout> | undefined;
  /** The env the last Clear emptied: Undo puts it back even if the cell's env changed since. */
  #clearedEnv: string | undefined;

  /** The inline "Clear everything?" question is showing. */
  isConfirmingClear = false;
  /** Undo is on offer after a Clear. */
  canUndo = false;
  /** The last outcome of a state action, shown in the cell. */
  message: StateMessage | undefined;

  constructor(host: StateActionsHost) {
    this.#host = host;
    host.addController(this);
  }

  get #runtime(): RuntimeClient {
    return sharedRuntime();
  }

  hostDisconnected(): void {
    this.#endUndo();
  }

  async save(): Promise<Blob> {
    const { name, env, code } = this.#host;
    const maxTotalBytes = this.#runtime.maxStateBytes;
    return this.#guard(() => this.#runtime.call('exportState', { name, env, code, maxTotalBytes }));
  }

  async download(): Promise<void> {
    const blob = await this.save();
    downloadBlob(blob, stateFileName(this.#host.name, new Date()));
    this.#say('info', `Saved ${formatBytes(blob.size)} of state.`);
  }

  /**
   * Validates and loads a state file (or the classic demo's download) into
   * the cell; `source` says where it came from, for the cell's message and
   * the `state-loaded` event. Rejects and changes nothing on bad input.
   */
  async load(file: Blob, source: LoadSource = { kind: 'file' }): Promise<void> {
    if (!(file instanceof Blob)) {
      const error = new TypeError('loadState() takes a Blob or File of a state file.');
      this.#fail(error);
      throw error;
    }
    const { env } = this.#host;
    const loaded = await this.#guard(() =>
      this.#runtime.call('importState', { env, file, maxTotalBytes: this.#runtime.maxStateBytes }),
    );
    this.#endUndo();
    // The author made the code read-only: a stranger's state file brings data, not new code.
    const keepsCode = this.#host.readonly && loaded.code !== undefined;
    if (loaded.code !== undefined && !keepsCode) this.#host.code = loaded.code;
    this.#say('info', loadedMessage(loaded, source, file, this.#host.name, keepsCode));
    this.#host.stateChanged();
    emit(this.#host, 'state-loaded', {
      name: loaded.origin === 'classic-demo' ? this.#host.name : loaded.name,
      env: loaded.origin === 'classic-demo' ? env : loaded.env,
      fileCount: loaded.fileCount,
      origin: loaded.origin,
      source: source.kind,
    });
  }

  /** Empties the folder and the namespace; Undo can put them back for a few seconds. */
  async clear(): Promise<void> {
    this.isConfirmingClear = false;
    this.#endUndo();
    const { env } = this.#host;
    // clearEnv itself replaces what an older Clear set aside: only the latest can be undone.
    await this.#guard(() => this.#runtime.call('clearEnv', { env }));
    this.#clearedEnv = env;
    this.#offerUndo();
    this.#say('info', 'Cleared all files and variables.');
    this.#focusAfterUpdate('[part~=undo-button]');
    this.#host.stateChanged();
    emit(this.#host, 'state-cleared', { env });
  }

  async undoClear(): Promise<void> {
    const env = this.#clearedEnv ?? this.#host.env;
    // Withdraw the offer without dropping what it would put back.
    if (this.#undoTimer !== undefined) clearTimeout(this.#undoTimer);
    this.#undoTimer = undefined;
    this.canUndo = false;
    const restored = await this.#guard(() => this.#runtime.call('undoClear', { env }));
    this.#say(
      restored ? 'info' : 'error',
      restored
        ? 'Put back the files and variables.'
        : 'Nothing to put back: Python restarted since the Clear.',
    );
    this.#host.stateChanged();
  }

  inspect(): Promise<StateReport> {
    return this.#runtime.call('inspect', { env: this.#host.env });
  }

  askClear(): void {
    this.isConfirmingClear = true;
    this.#host.requestUpdate();
    // The safe answer takes focus, so a keyboard user never clears by accident.
    this.#focusAfterUpdate('.state-bar [part~=cancel-button]');
  }

  cancelClear(): void {
    this.isConfirmingClear = false;
    this.#host.requestUpdate();
    this.#focusAfterUpdate('[part~=clear-button]');
  }

  #focusAfterUpdate(selector: string): void {
    void this.#host.updateComplete.then(() =>
      this.#host.shadowRoot?.querySelector<HTMLElement>(selector)?.focus(),
    );
  }

  dismissMessage(): void {
    this.message = undefined;
    this.#host.requestUpdate();
  }

  /** A run changes the folder, so an Undo would overwrite what it wrote. */
  endUndo(): void {
    this.#endUndo();
  }

  async #guard<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      this.#fail(error as Error);
      throw error;
    }
  }

  /** Shows an outcome in the message line (Share uses it too). */
  say(kind: StateMessage['kind'], text: string): void {
    this.#say(kind, text);
  }

  /** Shows an error in the message line and fires `state-error`. */
  fail(error: Error): void {
    this.#fail(error);
  }

  #fail(error: Error): void {
    this.#say('error', error.message);
    emit(this.#host, 'state-error', error);
  }

  #say(kind: StateMessage['kind'], text: string): void {
    this.message = { kind, text };
    this.#host.requestUpdate();
  }

  #offerUndo(): void {
    if (this.#undoTimer !== undefined) clearTimeout(this.#undoTimer);
    this.canUndo = true;
    this.#undoTimer = setTimeout(() => this.#endUndo(), UNDO_MS);
  }

  #endUndo(): void {
    if (this.#undoTimer !== undefined) clearTimeout(this.#undoTimer);
    this.#undoTimer = undefined;
    if (!this.canUndo) return;
    this.canUndo = false;
    // The set-aside copy is freed; failing that only costs memory.
    const env = this.#clearedEnv ?? this.#host.env;
    void this.#runtime.call('dropCleared', { env }).catch(() => {});
    this.#host.requestUpdate();
  }
}

/** What the cell says after a load, by what was loaded and from where. */
function loadedMessage(
  loaded: LoadedState,
  source: LoadSource,
  file: Blob,
  cellName: string,
  keepsCode = false,
): string {
  const from = file instanceof File ? `${file.name}: ` : '';
  const code = keepsCode ? '; the code was kept, as this cell is read-only' : ' and the code';
  if (loaded.origin === 'classic-demo') {
    return `${from}imported a file from the classic Pyodide demo as app_state.db and app_state.json; the code was kept; variables were reset.`;
  }
  const files = loaded.fileCount === 1 ? '1 file' : `${loaded.fileCount} files`;
  const whose = loaded.name === cellName ? '' : ` It was saved by the cell "${loaded.name}".`;
  switch (source.kind) {
    case 'share-link':
      return `Loaded the shared state: ${files}${code}; variables were reset.${whose}`;
    case 'history':
      return `Restored ${source.label}: ${files}${code}; variables were reset.`;
    case 'history-undo':
      return `Undid the restore: ${files} and the code are back as they were; variables were reset.`;
    case 'file':
      return `${from}loaded ${files}${code}; variables were reset.${whose}`;
  }
}
