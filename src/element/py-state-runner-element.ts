import { html, LitElement, type PropertyValues } from 'lit';
import { property, query } from 'lit/decorators.js';
import { codeStyles } from '../editor/code-styles.js';
import { LazyEditorController } from '../editor/lazy-editor-controller.js';
import type { RunResult, StateReport } from '../protocol.js';
import { DropController } from './drop-controller.js';
import { fetchCode, inlineCode } from './initial-code.js';
import { OutputController } from './output-controller.js';
import { styles } from './py-state-runner.styles.js';
import { type CellStatus, RunController } from './run-controller.js';
import { StateActionsController } from './state-actions-controller.js';
import { renderStateBar } from './state-bar-render.js';
import { statePanelStyles } from './state-panel.styles.js';
import { StatePanelController } from './state-panel-controller.js';
import { renderToolbar } from './toolbar-render.js';

let unnamedCells = 0;

/**
 * A runnable Python cell whose files last: a CodeMirror editor, a toolbar and
 * an output pane around the page's one shared Pyodide runtime.
 *
 * @fires run-start - A run began; `detail.code` is the code it runs.
 * @fires run-end - A run ended; `detail` is the `RunResult`.
 * @fires state-loaded - A state file replaced the cell's files and code.
 * @fires state-cleared - The cell's files and variables were cleared.
 * @fires state-error - A state operation failed and changed nothing; `detail` is the `Error`.
 * @csspart toolbar - The row of buttons and the status.
 * @csspart button - Every button; each also has its own part: `run-button`, `stop-button`, `save-button`, `load-button`, `state-button`, `clear-button`, `confirm-clear-button`, `undo-button`, `cancel-button`, `dismiss-button`, `add-file-button`, `download-button`, `delete-button`, `confirm-delete-button`, `replace-button`, `export-csv-button`, `export-xlsx-button`.
 * @csspart status - The status text.
 * @csspart message - The line that asks before Clear and reports the outcome of Save, Load and Clear.
 * @csspart state-panel - The State panel: the cell's files, tables and previews.
 * @csspart editor - The editor's container.
 * @csspart output - The output pane.
 * @cssprop --psr-accent - Colour of the Run button, focus rings and the cursor.
 * @cssprop --psr-code-font-family - Font of the editor and the output.
 * @cssprop --psr-editor-max-height - Height past which the editor scrolls.
 * @cssprop --psr-output-max-height - Height past which the output scrolls.
 * @cssprop --psr-state-panel-max-height - Height past which the State panel scrolls (default: none).
 */
export class PyStateRunnerElement extends LitElement {
  static override styles = [styles, statePanelStyles, codeStyles];

  #output = new OutputController(this);
  #runner = new RunController(this, this.#output);
  #state = new StateActionsController(this);
  #drop = new DropController(this);
  #panel = new StatePanelController(this);
  #editor = new LazyEditorController(this, {
    container: () => this.editorContainer,
    onRun: () => void this.run().catch(() => {}),
    // The code stays readable and runnable as static text.
    onLoadError: (error) =>
      this.#output.append('error', `The editor could not load: ${error.message}`),
  });
  #initialCode: Promise<void> | undefined;
  #fallbackName = '';
  #hasInitialCode = false;

  @query('.editor') accessor editorContainer!: HTMLElement;
  @query('.output') accessor outputPane!: HTMLElement;
  @query('.load-input') accessor loadInput!: HTMLInputElement;
  @query('.state-button') accessor stateButton!: HTMLButtonElement;

  /** The cell's state key: storage key and file name of downloads. Defaults to the element's id. */
  @property({ reflect: true }) accessor name = '';
  /** Cells with the same env share one namespace and one folder. Defaults to the name. */
  @property({ attribute: 'env' }) accessor envName = '';
  /** Where the Pyodide assets live; defaults to the bundle's own folder. */
  @property({ attribute: 'index-url' }) accessor indexURL = '';
  /** URL of the initial code. */
  @property() accessor src = '';
  /** The editor cannot be edited. */
  @property({ type: Boolean, reflect: true }) accessor readonly = false;
  /** Start loading Python as soon as the page is idle. */
  @property({ type: Boolean }) accessor preload = false;
  /** Run once, as soon as Python is ready. */
  @property({ type: Boolean }) accessor autorun = false;

  /** The env the cell runs in: its `env` attribute, else its name. */
  get env(): string {
    return this.envName || this.name || this.#fallbackName;
  }

  set env(value: string) {
    this.envName = value;
  }

  /** What the cell is doing: `idle`, `loading`, `queued` or `running`. Reflected as the `status` attribute. */
  get status(): CellStatus {
    return this.#runner.status;
  }

  /** The editor's text; also before the editor exists (an off-screen cell shows it as static code). */
  get code(): string {
    return this.#editor.text;
  }

  set code(value: string) {
    this.#editor.text = value;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Attributes and children of a created element arrive after construction.
    if (!this.name) {
      this.#fallbackName ||= this.id || `cell-${++unnamedCells}`;
      if (!this.id) {
        console.warn(
          `<py-state-runner> has no name or id; using "${this.#fallbackName}". Give it a name so its state keeps its key.`,
        );
      }
      this.name = this.#fallbackName;
    }
    if (this.indexURL)
      this.#runner.runtime.offerIndexURL(new URL(this.indexURL, document.baseURI).href);
    this.#initialCode ??= this.#loadInitialCode();
    if (this.preload) {
      const start = () => void this.#runner.runtime.preload().catch(() => {});
      if ('requestIdleCallback' in window) requestIdleCallback(start, { timeout: 2000 });
      else setTimeout(start, 0);
    }
  }

  override firstUpdated(): void {
    this.#output.attach(this.outputPane);
  }

  /**
   * Resolves once the element has rendered and its code shows as it will stay for now: in the
   * editor when the cell is near the viewport or was focused, else as highlighted static code.
   * It does not wait for an off-screen cell's editor, which is created only when needed.
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    await super.getUpdateComplete();
    await this.#editor.settled();
    return super.getUpdateComplete();
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('readonly')) this.#editor.setReadOnly(this.readonly);
    if (this.getAttribute('status') !== this.status) this.setAttribute('status', this.status);
    this.toggleAttribute('drop-target', this.#drop.isOver);
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
      return;
    }
    // Code set through the property before this finished wins over the markup.
    if (!this.#editor.isTextSet) this.code = text;
    this.#hasInitialCode = true;
    if (this.autorun) void this.run().catch(() => {});
  }

  /** Runs the editor's code as it is now; resolves also when Python raised (`ok` is false). */
  async run(): Promise<RunResult> {
    // The code as it is now; only code still being fetched is waited for.
    if (!this.#hasInitialCode) await this.#initialCode;
    const code = this.code;
    this.#state.endUndo();
    const result = await this.#runner.run(code);
    void this.stateChanged();
    return result;
  }

  /** Interrupts the running code (or restarts Python where it cannot be interrupted); cancels a queued run. */
  stop(): Promise<void> {
    return this.#runner.stop();
  }

  /** The cell's state file: its code and every file of its folder, taken between runs. */
  saveState(): Promise<Blob> {
    return this.#state.save();
  }

  /** Saves the state file through the browser's download, as `<name>-<yyyymmdd-hhmmss>.pystate.json`. */
  downloadState(): Promise<void> {
    return this.#state.download();
  }

  /** Validates a state file, then replaces the cell's files and code; rejects and changes nothing on bad input. */
  loadState(file: Blob): Promise<void> {
    return this.#state.load(file);
  }

  /** Empties the cell's folder and namespace. */
  clearState(): Promise<void> {
    return this.#state.clear();
  }

  /** What the State panel shows: files, and each SQLite database's tables. */
  inspectState(): Promise<StateReport> {
    return this.#state.inspect();
  }

  /** Adds ordinary files to the cell's folder (Add file, drag-and-drop). */
  addDataFiles(files: File[]): Promise<void> {
    return this.#addDataFiles(files);
  }

  /** @internal Called by the controllers after anything changed the cell's files. */
  stateChanged(): Promise<void> {
    return this.#panel.refresh();
  }

  #addDataFiles(files: File[]): Promise<void> {
    return this.#panel.addFiles(files);
  }

  #togglePanel(): void {
    const wasOpen = this.#panel.isOpen;
    this.#panel.toggle();
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
        run: () => void this.run().catch(() => {}),
        showIntent: () => this.#showIntent(),
        stop: () => void this.stop(),
        save: () => void this.downloadState().catch(() => {}),
        pickStateFile: () => this.loadInput.click(),
        statePicked: (input) => {
          const file = input.files?.[0];
          input.value = '';
          if (file) void this.loadState(file).catch(() => {});
        },
        togglePanel: () => this.#togglePanel(),
        askClear: () => this.#state.askClear(),
      })}
      ${renderStateBar(this.#state, this.name)} ${this.#panel.renderPanel()}
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
