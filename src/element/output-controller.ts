import type { ReactiveController, ReactiveControllerHost } from 'lit';

export type OutputKind = 'stdout' | 'stderr' | 'result' | 'error' | 'notice';

/**
 * Writes a run's output into the pane, at most once per animation frame, as
 * text nodes only: output is never parsed as HTML. Consecutive chunks of one
 * kind share a span, so a print loop adds one node per frame, not per line.
 */
export class OutputController implements ReactiveController {
  #pane: HTMLElement | undefined;
  #pending: { kind: OutputKind; text: string }[] = [];
  #frame: number | undefined;

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Whether anything was written since the last clear. */
  get hasOutput(): boolean {
    return this.#pending.length > 0 || (this.#pane?.childNodes.length ?? 0) > 0;
  }

  attach(pane: HTMLElement): void {
    this.#pane = pane;
    this.#schedule();
  }

  append(kind: OutputKind, text: string): void {
    if (!text) return;
    const last = this.#pending[this.#pending.length - 1];
    if (last && last.kind === kind) last.text += text;
    else this.#pending.push({ kind, text });
    this.#schedule();
  }

  clear(): void {
    this.#pending = [];
    this.#pane?.replaceChildren();
  }

  /** Writes what is pending now (before a run ends, so its result follows its output). */
  flush(): void {
    if (this.#frame !== undefined) {
      cancelAnimationFrame(this.#frame);
      this.#frame = undefined;
    }
    const pane = this.#pane;
    if (!pane || this.#pending.length === 0) return;
    const isAtBottom = pane.scrollHeight - pane.scrollTop - pane.clientHeight < 24;
    for (const { kind, text } of this.#pending) {
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
    // Follow new output only when the reader has not scrolled up to read.
    if (isAtBottom) pane.scrollTop = pane.scrollHeight;
  }

  hostDisconnected(): void {
    if (this.#frame !== undefined) cancelAnimationFrame(this.#frame);
    this.#frame = undefined;
  }

  #schedule(): void {
    if (this.#frame !== undefined || !this.#pane) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = undefined;
      this.flush();
    });
  }
}

/** Results, errors and notices start on a line of their own. */
function ensureNewline(text: string, pane: HTMLElement): string {
  const before = pane.textContent ?? '';
  const prefix = before.length > 0 && !before.endsWith('\n') ? '\n' : '';
  return prefix + (text.endsWith('\n') ? text : `${text}\n`);
}
