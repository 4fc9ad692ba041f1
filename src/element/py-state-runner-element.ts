import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, query } from 'lit/decorators.js';
import { codeStyles } from '../editor/code-styles.js';
import { LazyEditorController } from '../editor/lazy-editor-controller.js';
import type { RunResult, StateReport } from '../protocol.js';
import { sharedRuntime } from '../runtime/shared-runtime.js';
import { DropController } from './drop-controller.js';
import { historyStyles } from './history/history.styles.js';
import { HistoryController } from './history/history-controller.js';
import { renderHistory } from './history/history-render.js';
import { fetchCode, inlineCode } from './initial-code.js';
import { NameClaim } from './name-claim.js';
import { OutputController } from './output-controller.js';
import { renderPersistBar, renderStorageInfo } from './persist-bar-render.js';
import { PersistController } from './persist-controller.js';
import { styles } from './py-state-runner.styles.js';
import { richOutputStyles } from './rich-output/rich-output.styles.js';
import { type CellStatus, RunController } from './run-controller.js';
import { shareStyles } from './share/share.styles.js';
import { ShareController } from './share/share-controller.js';
import { renderShare } from './share/share-render.js';
import { type LoadSource, StateActionsController } from './state-actions-controller.js';
import { renderStateBar } from './state-bar-render.js';
import { statePanelStyles } from './state-panel/state-panel.styles.js';
import { StatePanelController } from './state-panel/state-panel-controller.js';
import { renderToolbar } from './toolbar-render.js';

let unnamedCells = 0;

/**
 * A runnable Python cell whose files last: a CodeMirror editor, a toolbar and
 * an output pane around the page's one shared Pyodide runtime.
 *
 * @tagname py-state-runner
 * @summary A runnable Python cell with its own folder of files, on one shared Pyodide.
 *
 * @fires {CustomEvent<{ code: string }>} run-start - A run began (it left the queue); `detail.code` is the code it runs.
 * @fires {CustomEvent<RunResult>} run-end - A run ended, also when Python raised, was stopped or the runtime died; `detail` is the `RunResult`.
 * @fires {CustomEvent<{ name: string; env: string; fileCount: number; origin: 'state-file' | 'classic-demo'; source: 'file' | 'share-link' | 'history' | 'history-undo' }>} state-loaded - A state file replaced the cell's files and code (a classic Pyodide demo file: the files only, as app_state.db and app_state.json); `origin` is its format, `source` where it came from.
 * @fires {CustomEvent<{ env: string }>} state-cleared - The cell's files and variables were cleared.
 * @fires {CustomEvent<Error>} state-error - A state operation failed and changed nothing; `detail` is the `Error`.
 * @fires {CustomEvent<{ name: string; loaded: number; total?: number }>} package-progress - A package the run needs is downloading; `detail` has its name, the bytes so far and, where the server says, the total.
 *
 * @csspart toolbar - The row of buttons and the status.
 * @csspart button - Every button; each also has a part of its own, below.
 * @csspart run-button - Run.
 * @csspart stop-button - Stop.
 * @csspart save-button - Save (downloads the state file).
 * @csspart load-button - Load (picks a state file).
 * @csspart share-button - Share (copies a link that carries the cell's state).
 * @csspart state-button - State (shows or hides the State panel).
 * @csspart clear-button - Clear.
 * @csspart confirm-clear-button - The button that confirms Clear.
 * @csspart undo-button - Undo, offered for a few seconds after Clear.
 * @csspart cancel-button - Every Cancel of an inline question (Clear, Delete, Replace).
 * @csspart dismiss-button - Closes the State panel's messages.
 * @csspart add-file-button - Add file, in the State panel.
 * @csspart download-button - Downloads one file of the folder.
 * @csspart delete-button - Deletes one file of the folder (asks first).
 * @csspart confirm-delete-button - The button that confirms Delete.
 * @csspart replace-button - Replaces an existing file with an added one of the same name.
 * @csspart export-csv-button - Exports a table as CSV.
 * @csspart export-xlsx-button - Exports a table as .xlsx.
 * @csspart share-offer - The line that offers a state from a share link opened on this page: "Shared state for <name>".
 * @csspart load-shared-button - Load shared state, in the share offer.
 * @csspart dismiss-shared-button - Dismiss, in the share offer: leaves the cell as it is.
 * @csspart share-link - The link shown to copy by hand when the clipboard refused it.
 * @csspart export-progress - The progress bar of a table export under way.
 * @csspart cancel-export-button - Cancels the table export under way.
 * @csspart more-files-button - Shows the next batch of files in the State panel.
 * @csspart more-tables-button - Shows the next batch of a database's tables.
 * @csspart load-newer-button - Takes the state another tab saved over this cell's.
 * @csspart keep-mine-button - Keeps this tab's state and saves it as the newest.
 * @csspart reset-button - Reset, on the line that says the cell was restored.
 * @csspart reset-keep-button - Resets the code and keeps the files.
 * @csspart reset-clear-button - Resets the code and clears the files.
 * @csspart restored - The quiet line that says the cell was restored from this browser.
 * @csspart storage-warning - Says that browser storage failed; the cell keeps running.
 * @csspart storage-info - In the State panel: whether storage is persistent, and how much is used.
 * @csspart status - The status text.
 * @csspart warning - Says that another cell on the page has the same name, and so shares this one's state.
 * @csspart message - The line that asks before Clear and reports the outcome of Save, Load and Clear.
 * @csspart state-panel - The State panel: the cell's files, tables and previews.
 * @csspart history - History, in the State panel: the cell's recent revisions in this browser.
 * @csspart restore-button - Restores one revision of History.
 * @csspart history-undo-button - Undo after a restore: puts back the files and code from before it.
 * @csspart editor - The editor's container.
 * @csspart output - The output pane.
 * @csspart display-item - One piece of rich output in the output pane (a table, an image, markdown…); its content sits in a shadow root of its own.
 * @csspart input - The text field in the output where `input()` waits for a line (Enter sends, Escape ends the input).
 *
 * @cssprop [--psr-font-family=system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif] - Font of the toolbar, messages and the State panel.
 * @cssprop [--psr-code-font-family=ui-monospace, 'Cascadia Code', 'Source Code Pro', Menlo, Consolas, monospace] - Font of the editor and the output.
 * @cssprop [--psr-code-font-size=0.875rem] - Font size of the editor and the output.
 * @cssprop [--psr-radius=8px] - Corner radius of the cell.
 * @cssprop [--psr-background=#ffffff] - Background of the cell.
 * @cssprop [--psr-color=#1f2328] - Text colour of the cell.
 * @cssprop [--psr-muted-color=#57606a] - Colour of secondary text (status, sizes, notes).
 * @cssprop [--psr-border-color=#d0d7de] - Colour of borders and separators.
 * @cssprop [--psr-accent=#0969da] - Colour of the Run button, focus rings and the cursor.
 * @cssprop [--psr-accent-contrast=#ffffff] - Text colour on the accent colour.
 * @cssprop [--psr-editor-background=#ffffff] - Background of the editor.
 * @cssprop [--psr-editor-color=#1f2328] - Text colour of the editor.
 * @cssprop [--psr-editor-max-height=28rem] - Height past which the editor scrolls.
 * @cssprop [--psr-gutter-background=#f6f8fa] - Background of the editor's line numbers.
 * @cssprop [--psr-active-line-background=rgba(234, 238, 242, 0.5)] - Background of the editor's current line.
 * @cssprop [--psr-selection-background=#b6d7ff] - Background of selected text in the editor.
 * @cssprop [--psr-toolbar-background=#f6f8fa] - Background of the toolbar.
 * @cssprop [--psr-output-background=#f6f8fa] - Background of the output pane.
 * @cssprop [--psr-output-max-height=24rem] - Height past which the output scrolls.
 * @cssprop [--psr-stderr-color=#9a6700] - Colour of what the code wrote to stderr.
 * @cssprop [--psr-error-color=#cf222e] - Colour of tracebacks and error messages.
 * @cssprop [--psr-result-color=#0550ae] - Colour of the last expression's value.
 * @cssprop [--psr-notice-color=#57606a] - Colour of notices in the output (truncated, restarted).
 * @cssprop [--psr-syntax-keyword=#cf222e] - Colour of Python keywords.
 * @cssprop [--psr-syntax-string=#0a3069] - Colour of strings.
 * @cssprop [--psr-syntax-number=#0550ae] - Colour of numbers.
 * @cssprop [--psr-syntax-comment=#6e7781] - Colour of comments.
 * @cssprop [--psr-syntax-function=#8250df] - Colour of function names.
 * @cssprop [--psr-syntax-type=#953800] - Colour of class and type names.
 * @cssprop [--psr-syntax-builtin=#0550ae] - Colour of built-in names.
 * @cssprop [--psr-state-panel-max-height=none] - Height past which the State panel scrolls.
 * @cssprop [--psr-display-stripe-background=rgba(175, 184, 193, 0.2)] - Background of every other row of a table in rich output.
 */
export class PyStateRunnerElement extends LitElement {
  static override styles = [
    styles,
    statePanelStyles,
    codeStyles,
    shareStyles,
    historyStyles,
    richOutputStyles,
  ];

  #output = new OutputController(this);
  #runner = new RunController(this, this.#output);
  #state = new StateActionsController(this);
  #drop = new DropController(this);
  #share = new ShareController(this, {
    // Through saveState, which waits for a stored cell's files; the Share button's link too.
    save: () => this.saveState(),
    load: (file, source) => this.#load(file, source),
    maxStateBytes: () => sharedRuntime().maxStateBytes,
    say: (kind, text) => this.#state.say(kind, text),
    fail: (error) => this.#state.fail(error),
  });
  #panel = new StatePanelController(this, {
    renderFooter: () => renderHistory(this.#history, this.name),
  });
  #history = new HistoryController(this, {
    save: () => this.#state.save(),
    load: (file, source) => this.#load(file, source),
    fail: (error) => this.#state.fail(error),
    isShown: () => this.#panel.isOpen,
  });
  #persist = new PersistController(this, { onSaved: () => void this.#history.refresh() });
  #authorCode: Promise<string>;
  #resolveAuthorCode!: (code: string) => void;
  #editor = new LazyEditorController(this, {
    container: () => this.editorContainer,
    onRun: () => void this.#run(true).catch(() => {}),
    onChange: () => this.#persist.codeEdited(),
    // The code stays readable and runnable as static text.
    onLoadError: (error) =>
      this.#output.append('error', `The editor could not load: ${error.message}`),
    // After connectedCallback has started the restore (a microtask later).
    chunkAfter: () => Promise.resolve().then(() => this.#persist.codeShown),
  });
  #initialCode: Promise<void> | undefined;
  #nameClaim = new NameClaim(this);
  #fallbackName = '';
  #hasInitialCode = false;

  /** @internal */
  @query('.editor') private accessor editorContainer!: HTMLElement;
  /** @internal */
  @query('.output') private accessor outputPane!: HTMLElement;
  /** @internal */
  @query('.load-input') private accessor loadInput!: HTMLInputElement;
  /** @internal */
  @query('.state-button') private accessor stateButton!: HTMLButtonElement;

  /**
   * The `name` attribute as written (null once removed); read `name` for the
   * name in effect.
   * @internal
   */
  @property({ attribute: 'name', reflect: true }) accessor nameAttribute: string | null | undefined;
  /**
   * The `env` attribute as written; read `env` for the env in effect.
   * @internal
   */
  @property({ attribute: 'env' }) accessor envName = '';
  /**
   * Where the cell's code and files are kept: `local` (the default) saves them
   * in this browser (IndexedDB) and restores them on the next visit; `none`
   * keeps them in memory only, for this page's life.
   */
  @property({ reflect: true }) accessor persist: 'local' | 'none' = 'local';
  /**
   * The key the cell's state is stored under, instead of page path + `name`:
   * cells with the same `storage-key` on different pages share one stored state.
   */
  @property({ attribute: 'storage-key' }) accessor storageKey = '';
  /** Where the Pyodide assets live; defaults to the bundle's own folder. */
  @property({ attribute: 'index-url' }) accessor indexURL = '';
  /**
   * Packages to load before the first run, space- or comma-separated: Pyodide
   * package names (`numpy`), PyPI names of pure-Python packages (installed
   * with micropip) or wheel URLs (relative to the page).
   */
  @property() accessor packages = '';
  /** URL of the initial code. */
  @property() accessor src = '';
  /** The editor cannot be edited. */
  @property({ type: Boolean, reflect: true }) accessor readonly = false;
  /** Start loading Python as soon as the page is idle. */
  @property({ type: Boolean }) accessor preload = false;
  /** Run once, as soon as Python is ready. */
  @property({ type: Boolean }) accessor autorun = false;
  /**
   * The colour scheme: `light` or `dark`; by default the page's
   * `prefers-color-scheme`.
   */
  @property({ reflect: true }) accessor theme: 'light' | 'dark' | undefined;

  /**
   * The cell's state key: storage key and file name of downloads. Defaults
   * to the element's id, else a stable `cell-N` (with a console warning).
   * @attr name
   */
  get name(): string {
    return this.nameAttribute || this.id || this.#unnamedName();
  }

  set name(value: string) {
    this.nameAttribute = value;
  }

  /**
   * Cells with the same env share one namespace and one folder: the `env`
   * attribute, else the name.
   * @attr env
   */
  get env(): string {
    return this.envName || this.name;
  }

  set env(value: string) {
    this.envName = value;
  }

  /** What the cell is doing: `idle`, `loading`, `queued` or `running`. Reflected as the `status` attribute. */
  get status(): CellStatus {
    return this.#runner.status;
  }

  constructor() {
    super();
    this.#authorCode = new Promise((resolve) => {
      this.#resolveAuthorCode = resolve;
    });
  }

  /**
   * The author's code, from the markup or `src`, before any restore or edit.
   * @internal
   */
  get authorCode(): Promise<string> {
    return this.#authorCode;
  }

  /** The editor's text; also before the editor exists (an off-screen cell shows it as static code). */
  get code(): string {
    return this.#editor.text;
  }

  set code(value: string) {
    this.#editor.text = value;
    // Without an editor yet, no change event says so.
    if (!this.#editor.hasEditor) this.#persist.codeEdited();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#nameClaim.set(this.name);
    if (this.indexURL)
      this.#runner.runtime.offerIndexURL(new URL(this.indexURL, document.baseURI).href);
    this.#initialCode ??= this.#loadInitialCode();
    this.#persist.start(this.#initialCode);
    if (this.preload) {
      const start = () => void this.#runner.runtime.preload().catch(() => {});
      if ('requestIdleCallback' in window) requestIdleCallback(start, { timeout: 2000 });
      else setTimeout(start, 0);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#nameClaim.set(undefined);
  }

  override willUpdate(): void {
    // The name may have changed through the attribute, the property or the id.
    if (this.isConnected) this.#nameClaim.set(this.name);
  }

  override firstUpdated(): void {
    this.#output.attach(this.outputPane);
  }

  /**
   * Resolves once the element has rendered and its code shows as it will stay for now: in the
   * editor when the cell is near the viewport or was focused, else as highlighted static code.
   * It does not wait for an off-screen cell's editor, which is created only when needed.
   * A stored cell also waits for its state to be back.
   * @internal
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    await super.getUpdateComplete();
    await this.#editor.settled();
    // A stored cell is complete once its code is restored and its files are on their way.
    await this.#persist.ready;
    return super.getUpdateComplete();
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('readonly')) this.#editor.setReadOnly(this.readonly);
    if (this.getAttribute('status') !== this.status) this.setAttribute('status', this.status);
    this.toggleAttribute('drop-target', this.#drop.isOver);
  }

  /** `cell-N`, fixed at first need, so that a cell's state keeps its key for the page's life. */
  #unnamedName(): string {
    if (!this.#fallbackName) {
      this.#fallbackName = `cell-${++unnamedCells}`;
      console.warn(
        `<py-state-runner> has no name or id; using "${this.#fallbackName}". Give it a name so its state keeps its key.`,
      );
    }
    return this.#fallbackName;
  }

  /** A reader pointing at or focusing the code or Run: start Python, so Run finds it ready. */
  #showIntent(): void {
    void this.#runner.runtime.preload().catch(() => {});
  }

  async #loadInitialCode(): Promise<void> {
    let text: string;
    try {
      text = this.src ? await fetchCode(this.src, document.baseURI) : inlineCode(this);
    } catch (error) {
      this.#output.append('error', (error as Error).message);
      this.#hasInitialCode = true;
      this.#resolveAuthorCode('');
      return;
    }
    this.#resolveAuthorCode(text);
    // Code set through the property before this finished wins over the markup.
    if (!this.#editor.isTextSet) this.code = text;
    this.#hasInitialCode = true;
    if (this.autorun) void this.run().catch(() => {});
  }

  /** Runs the editor's code as it is now; resolves also when Python raised (`ok` is false). */
  run(): Promise<RunResult> {
    return this.#run(false);
  }

  /** `isByUser`: the reader asked on this cell (Run, keys), so input() may take the focus. */
  async #run(isByUser: boolean): Promise<RunResult> {
    // The code as it is now; only code still being fetched is waited for.
    if (!this.#hasInitialCode) await this.#initialCode;
    // The stored files go in first, and a newer state from another tab is taken first.
    if (!this.#persist.isReady) {
      // Python loads meanwhile: the stored files go in through the queue once they are read.
      this.#showIntent();
      await this.#persist.ready;
    }
    this.#persist.runStarted();
    const code = this.code;
    this.#state.endUndo();
    this.#history.endUndo();
    const result = await this.#runner.run(code, { packages: this.packages, isByUser });
    void this.stateChanged();
    return result;
  }

  /** Interrupts the running code (or restarts Python where it cannot be interrupted); cancels a queued run. */
  stop(): Promise<void> {
    return this.#runner.stop();
  }

  /** The cell's state file: its code and every file of its folder, taken between runs. */
  async saveState(): Promise<Blob> {
    await this.#persist.ready;
    return this.#state.save();
  }

  /** Saves the state file through the browser's download, as `<name>-<yyyymmdd-hhmmss>.pystate.json`. */
  async downloadState(): Promise<void> {
    await this.#persist.ready;
    return this.#state.download();
  }

  /**
   * Validates a state file, then replaces the cell's files and code; rejects
   * and changes nothing on bad input. The classic Pyodide demo's download
   * becomes `app_state.db` and `app_state.json`, and the code is kept.
   */
  async loadState(file: Blob): Promise<void> {
    await this.#persist.ready;
    return this.#load(file);
  }

  /** Loads a state file; autosave keeps its files with its code, which goes in after them. */
  #load(file: Blob, source?: LoadSource): Promise<void> {
    const loading = this.#state.load(file, source);
    this.#persist.whileLoading(loading);
    return loading;
  }

  /** Empties the cell's folder and namespace. */
  async clearState(): Promise<void> {
    await this.#persist.ready;
    return this.#state.clear();
  }

  /**
   * A link to this page whose `#fragment` carries the cell's state file,
   * compressed; opening it offers the state to the cell of this name. Rejects
   * with a `StateFileError` (`too-large`) when the link would pass about
   * 32 KB; use Save then.
   */
  shareLink(): Promise<string> {
    return this.#share.link();
  }

  /** What the State panel shows: files, and each SQLite database's tables. */
  async inspectState(): Promise<StateReport> {
    await this.#persist.ready;
    return this.#state.inspect();
  }

  /** Adds ordinary files to the cell's folder (Add file, drag-and-drop). */
  async addDataFiles(files: File[]): Promise<void> {
    await this.#persist.ready;
    return this.#addDataFiles(files);
  }

  /**
   * Resolves once every change so far is kept in browser storage (tests, the benchmark).
   * @internal
   */
  persistSettled(): Promise<void> {
    return this.#persist.settled();
  }

  /**
   * The newest stored revision this cell has seen; 0 when nothing is stored.
   * @internal
   */
  get storedRevision(): number {
    return this.#persist.revision;
  }

  /** @internal Called by the controllers after anything changed the cell's files. */
  stateChanged(): Promise<void> {
    void this.#history.refresh();
    return this.#panel.refresh();
  }

  #addDataFiles(files: File[]): Promise<void> {
    return this.#panel.addFiles(files);
  }

  #togglePanel(): void {
    const wasOpen = this.#panel.isOpen;
    this.#panel.toggle();
    void this.#history.refresh();
    if (this.#panel.isOpen) void this.#persist.refreshStorage();
    // The panel held focus maybe; the button that closed it takes it back.
    if (wasOpen) void this.updateComplete.then(() => this.stateButton.focus());
  }

  override render() {
    return html`
      ${renderToolbar({
        name: this.name,
        status: this.status,
        isStopping: this.#runner.isStopping,
        isPanelOpen: this.#panel.isOpen,
        statusText: this.#runner.statusText,
        elapsedText: this.#runner.elapsedText,
        loadingProgress: this.#runner.loadingProgress,
        run: () => void this.#run(true).catch(() => {}),
        showIntent: () => this.#showIntent(),
        stop: () => void this.stop(),
        save: () => void this.downloadState().catch(() => {}),
        pickStateFile: () => this.loadInput.click(),
        statePicked: (input) => {
          const file = input.files?.[0];
          input.value = '';
          if (file) void this.loadState(file).catch(() => {});
        },
        share: () => void this.#share.copy().catch(() => {}),
        togglePanel: () => this.#togglePanel(),
        askClear: () => this.#state.askClear(),
      })}
      ${
        this.#nameClaim.isShared
          ? html`<p class="name-warning" part="warning" role="status">
              Another cell on this page is also named “${this.name}”: the two share their
              variables, files and saved state. Give each cell its own name.
            </p>`
          : nothing
      }
      ${renderShare(this.#share, this.name)} ${renderPersistBar(this.#persist, this.name)}
      ${renderStateBar(this.#state, this.name)}
      ${this.#panel.renderPanel()}
      ${this.#panel.isOpen ? renderStorageInfo(this.#persist) : nothing}
      <div
        class="editor"
        part="editor"
        @pointerenter=${() => this.#showIntent()}
        @focusin=${() => this.#showIntent()}
      >${this.#editor.renderPlaceholder()}</div>
      <pre class="output" part="output" role="log" aria-label="Output of ${this.name}" tabindex="0"></pre>
    `;
  }
}
