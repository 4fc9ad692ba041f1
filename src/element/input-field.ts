import { STDIN_MAX_CHARS } from '../protocol.js';

export interface InputFieldOptions {
  /** What input() printed before asking; it names the field for screen readers. */
  prompt: string;
  cellName: string;
  /** Only a run the reader started from this cell moves the focus into the field. */
  focus: boolean;
  /** The line on Enter; null on Escape (end of input). */
  answer(line: string | null): void;
}

/**
 * The inline text field that `input()` and `sys.stdin` show at the end of
 * the output while Python waits. It goes away on Enter, on Escape and when
 * the run ends (Stop included).
 */
export class InputField {
  #field: HTMLInputElement | undefined;

  get isShown(): boolean {
    return this.#field !== undefined;
  }

  show(pane: HTMLElement, options: InputFieldOptions): void {
    this.remove();
    const field = document.createElement('input');
    field.type = 'text';
    field.className = 'input-field';
    field.setAttribute('part', 'input');
    field.autocomplete = 'off';
    field.spellcheck = false;
    field.enterKeyHint = 'send';
    field.maxLength = STDIN_MAX_CHARS;
    const prompt = options.prompt.trim();
    field.setAttribute(
      'aria-label',
      `${prompt || `Input for ${options.cellName}`} (Enter sends, Escape ends the input)`,
    );
    field.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.isComposing) {
        event.preventDefault();
        const line = field.value;
        this.#finish(field, pane);
        options.answer(line);
      } else if (event.key === 'Escape') {
        // Escape belongs to the field here, not to the editor or the page.
        event.preventDefault();
        event.stopPropagation();
        this.#finish(field, pane);
        options.answer(null);
      }
    });
    this.#field = field;
    pane.append(field);
    pane.scrollTop = pane.scrollHeight;
    if (options.focus) field.focus();
  }

  remove(): void {
    this.#field?.remove();
    this.#field = undefined;
  }

  /** Removes the field; if it had the focus, the output pane takes it, so it is not lost to the page. */
  #finish(field: HTMLInputElement, pane: HTMLElement): void {
    const hadFocus = field.matches(':focus');
    this.remove();
    if (hadFocus) pane.focus();
  }
}
