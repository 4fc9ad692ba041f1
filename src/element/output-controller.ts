import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DisplayItem } from './rich-output/display-item.js';
import { renderDisplayItem } from './rich-output/render-display-item.js';

export type OutputKind = 'stdout' | 'stderr' | 'result' | 'error' | 'notice';

type Pending = { kind: OutputKind; text: string } | { kind: 'display'; slot: HTMLElement };

/** The block a display item renders into, in its place among the text. */
const SLOT_CLASS = 'display-slot';

/**
 * Writes a run's output into the pane, at most once per animation frame.
 * Text goes in as text nodes only: output is never parsed as HTML.
 * Consecutive chunks of one kind share a span, so a print loop adds one node
 * per frame, not per line. A display item takes its place in the same queue
 * at once, as an empty slot that its (asynchronous, sanitised) render fills,
 * so text printed after it never overtakes it.
 */
export class OutputController implements ReactiveController {
  #pane: HTMLElement | undefined;
  #pending: Pending[] = [];
  #frame: number | undefined;
  #renders: Promise<void>[] = [];
  /**
   * Whether the pane showed its end when it last scrolled. Kept from scroll
   * events, so that writing output never forces a layout to find out.
   */
  #isAtBottom = true;
  #follow: number | undefined;

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Whether anything was written since the last clear. */
  get hasOutput(): boolean {
    return this.#pending.length > 0 || (this.#pane?.childNodes.length ?? 0) > 0;
  }

  attach(pane: HTMLElement): void {
    if (pane !== this.#pane) {
      pane.addEventListener(
        'scroll',
        () => {
          this.#isAtBottom = pane.scrollHeight - pane.scrollTop - pane.clientHeight < 24;
        },
        { passive: true },
      );
    }
    this.#pane = pane;
    this.#schedule();
  }

  append(kind: OutputKind, text: string): void {
    if (!text) return;
    const last = this.#pending[this.#pending.length - 1];
    if (last && last.kind === kind && 'text' in last) last.text += text;
    else this.#pending.push({ kind, text });
    this.#schedule();
  }

  /**
   * Queues a rich item after the output before it. An item that cannot be
   * shown (a `DisplayItemError`: bad base64, not an image…) becomes a notice
   * in its slot; the run goes on either way.
   */
  appendDisplay(item: DisplayItem): void {
    const slot = document.createElement('div');
    slot.className = SLOT_CLASS;
    this.#pending.push({ kind: 'display', slot });
    this.#renders.push(
      renderDisplayItem(item).then(
        (element) => slot.replaceChildren(element),
        (error: unknown) => {
          const notice = document.createElement('span');
          notice.className = 'notice';
          notice.textContent = `Could not show this ${item.mime} output: ${(error as Error).message}`;
          slot.replaceChildren(notice);
        },
      ),
    );
    this.#schedule();
  }

  /** Resolves once every display item queued since the last clear has rendered (or failed to). */
  async rendered(): Promise<void> {
    await Promise.all(this.#renders);
  }

  clear(): void {
    this.#pending = [];
    this.#renders = [];
    this.#pane?.replaceChildren();
    this.#isAtBottom = true;
  }

  /** Writes what is pending now (before a run ends, so its result follows its output). */
  flush(): void {
    if (this.#frame !== undefined) {
      cancelAnimationFrame(this.#frame);
      this.#frame = undefined;
    }
    const pane = this.#pane;
    if (!pane || this.#pending.length === 0) return;
    for (const pending of this.#pending) {
      if (pending.kind === 'display') {
        pane.append(pending.slot);
        continue;
      }
      const { kind, text } = pending;
      const last = pane.lastElementChild as HTMLElement | null;
      if (last && last.dataset.kind === kind && (kind === 'stdout' || kind === 'stderr')) {
        last.append(text);
      } else {
        const span = document.createElement('span');
        span.dataset.kind = kind;
        span.className = kind;
        span.textContent =
          kind === 'stdout' || kind === 'stderr' ? text : ensureNewline(text, pane);
        pane.append(span);
      }
    }
    this.#pending = [];
    // Follow new output only when the reader has not scrolled up to read; in
    // the next frame, whose layout the browser does anyway. Asked again then:
    // a scroll up since this frame reaches the controller before that frame's
    // callbacks, and the reader's place wins.
    if (this.#isAtBottom) {
      this.#follow ??= requestAnimationFrame(() => {
        this.#follow = undefined;
        if (this.#isAtBottom) pane.scrollTop = pane.scrollHeight;
      });
    }
  }

  hostDisconnected(): void {
    if (this.#frame !== undefined) cancelAnimationFrame(this.#frame);
    if (this.#follow !== undefined) cancelAnimationFrame(this.#follow);
    this.#frame = undefined;
    this.#follow = undefined;
  }

  #schedule(): void {
    if (this.#frame !== undefined || !this.#pane) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = undefined;
      this.flush();
    });
  }
}

/** Results, errors and notices start on a line of their own (a display item is a block: one). */
function ensureNewline(text: string, pane: HTMLElement): string {
  const last = pane.lastChild;
  const isAfterBlock = last instanceof HTMLElement && last.classList.contains(SLOT_CLASS);
  const before = isAfterBlock ? '' : (pane.textContent ?? '');
  const prefix = before.length > 0 && !before.endsWith('\n') ? '\n' : '';
  return prefix + (text.endsWith('\n') ? text : `${text}\n`);
}
