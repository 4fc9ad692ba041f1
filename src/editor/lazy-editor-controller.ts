import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { CellEditor } from './editor-chunk.js';
import { type EditorChunk, loadEditorChunk } from './load-editor-chunk.js';
import { whenNearViewport } from './near-viewport.js';

/** What the controller needs of the element. */
export interface LazyEditorHost extends ReactiveControllerHost, HTMLElement {
  readonly name: string;
  readonly readonly: boolean;
  readonly shadowRoot: ShadowRoot | null;
}

export interface LazyEditorOptions {
  /** The element the editor goes into, once rendered. */
  container(): HTMLElement;
  /** Shift-Enter or Mod-Enter in the editor. */
  onRun(): void;
  /** The editor chunk did not load; the static code stays readable and runnable. */
  onLoadError(error: Error): void;
  /** The reader (or a `code` set) changed the editor's text. */
  onChange?(): void;
  /**
   * Resolves when the chunk may load. Evaluating CodeMirror holds the main
   * thread for tens of milliseconds, which would hold up what must show
   * first (a stored cell's code, read from IndexedDB).
   */
  chunkAfter?(): Promise<unknown>;
}

/**
 * Creates the cell's CodeMirror editor only when it is wanted: the cell comes near the viewport,
 * or the reader points at or focuses its code. Until then the code shows as static text with
 * the editor's metrics, highlighted once the editor chunk is loaded, so a page of many cells
 * costs about what its visible editors cost, and nothing moves when an editor arrives.
 */
export class LazyEditorController implements ReactiveController {
  #host: LazyEditorHost;
  #options: LazyEditorOptions;
  #chunk: EditorChunk | undefined;
  #chunkSettled: Promise<void> | undefined;
  #editor: CellEditor | undefined;
  #creating: Promise<void> | undefined;
  #text = '';
  #isTextSet = false;
  #highlighted: HTMLElement | undefined;
  #shouldFocus = false;
  #sighted: Promise<void> = Promise.resolve();
  #markSighted = () => {};
  #stopWatching: (() => void) | undefined;

  constructor(host: LazyEditorHost, options: LazyEditorOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** The code: the editor's text, or the text it will start with. */
  get text(): string {
    return this.#editor?.view.state.doc.toString() ?? this.#text;
  }

  set text(value: string) {
    this.#isTextSet = true;
    if (this.#editor) {
      this.#editor.setText(value);
      return;
    }
    this.#text = value;
    this.#highlighted = undefined;
    this.#host.requestUpdate();
  }

  /** Whether code was set (by markup, `src` or the property), even to an empty string. */
  get isTextSet(): boolean {
    return this.#isTextSet;
  }

  /** Whether the CodeMirror editor exists. */
  get hasEditor(): boolean {
    return this.#editor !== undefined;
  }

  hostConnected(): void {
    this.#chunkSettled ??= this.#loadChunk();
    if (this.#editor || this.#creating) return;
    this.#sighted = new Promise((resolve) => {
      this.#markSighted = resolve;
    });
    this.#stopWatching = whenNearViewport(this.#host, (isNear) => {
      this.#markSighted();
      if (isNear) this.want();
    });
    // A hidden document has no rendering updates, hence no sighting: do not wait for one.
    if (document.visibilityState === 'hidden') this.#markSighted();
  }

  hostDisconnected(): void {
    // A removed cell is never sighted; whoever waits for it must not wait for ever.
    this.#markSighted();
    this.#stopWatching?.();
    this.#stopWatching = undefined;
  }

  hostUpdated(): void {
    const view = this.#editor?.view;
    // The editor goes in after the static code left, so the two never stand one above the other.
    if (!view || view.dom.isConnected) return;
    this.#options.container().append(view.dom);
    if (this.#shouldFocus) view.focus();
    this.#shouldFocus = false;
  }

  /**
   * Resolves when the cell shows its code as it will stay for now: the editor chunk loaded (or
   * failed), the cell seen by the viewport observer, and its editor created if it is wanted.
   * An off-screen cell's editor is not waited for: it may never be created.
   */
  async settled(): Promise<void> {
    await this.#chunkSettled;
    await this.#sighted;
    await this.#creating;
  }

  /** Asks for the editor now; with `focus`, focus moves into it once it is there. */
  want({ focus = false } = {}): void {
    if (focus) this.#shouldFocus = true;
    if (this.#editor) {
      if (focus) this.#editor.view.focus();
      return;
    }
    this.#creating ??= this.#create();
  }

  setReadOnly(readOnly: boolean): void {
    this.#editor?.setReadOnly(readOnly);
  }

  /** The static code with its gutter, while there is no editor. */
  renderPlaceholder() {
    if (this.#editor) return nothing;
    const text = this.#text;
    if (this.#chunk && !this.#highlighted) this.#highlighted = this.#chunk.highlightPython(text);
    // As many line numbers as CodeMirror shows lines (one more after a final newline, one for
    // no text): the gutter, not the <pre>, which drops a final newline, sets the height.
    const lineCount = text.split('\n').length;
    const numbers = Array.from({ length: lineCount }, (_, index) => index + 1).join('\n');
    return html`<div
      class="code-placeholder"
      role="textbox"
      aria-readonly="true"
      aria-multiline="true"
      aria-label="Python code of ${this.#host.name}"
      tabindex="0"
      @focus=${() => this.want({ focus: true })}
      @pointerenter=${() => this.want()}
    ><div class="placeholder-gutters" aria-hidden="true"><div class="placeholder-line-numbers">${numbers}</div><div class="placeholder-fold"></div></div><pre class="placeholder-code">${this.#highlighted ?? text}</pre></div>`;
  }

  async #loadChunk(): Promise<void> {
    await this.#options.chunkAfter?.();
    try {
      this.#chunk = await loadEditorChunk();
      this.#host.requestUpdate();
    } catch (error) {
      this.#options.onLoadError(error as Error);
    }
  }

  async #create(): Promise<void> {
    await this.#chunkSettled;
    if (!this.#chunk) {
      this.#creating = undefined;
      return;
    }
    this.#stopWatching?.();
    this.#stopWatching = undefined;
    this.#editor = this.#chunk.createCellEditor({
      root: this.#host.shadowRoot!,
      doc: this.#text,
      readOnly: this.#host.readonly,
      label: `Python code of ${this.#host.name}`,
      onRun: () => this.#options.onRun(),
      onChange: () => this.#options.onChange?.(),
    });
    this.#highlighted = undefined;
    // The next update removes the static code; hostUpdated then puts the editor in its place.
    this.#host.requestUpdate();
  }
}
