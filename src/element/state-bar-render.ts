import { html, nothing } from 'lit';
import type { StateActionsController } from './state-actions-controller.js';

/**
 * The line under the toolbar where state actions ask and answer: the inline
 * Clear confirmation, Undo after a Clear, and the outcome of Save, Load and
 * Clear. Errors are alerts; the rest is polite.
 */
export function renderStateBar(state: StateActionsController, name: string) {
  if (state.isConfirmingClear) {
    return html`
      <div
        class="state-bar confirm"
        part="message"
        role="alertdialog"
        aria-label="Clear ${name}?"
        @keydown=${(event: KeyboardEvent) => {
          if (event.key === 'Escape') state.cancelClear();
        }}
      >
        <span>Clear all files and variables of <strong>${name}</strong>?</span>
        <button
          part="button confirm-clear-button"
          class="danger"
          @click=${() => void state.clear().catch(() => {})}
        >
          Clear everything
        </button>
        <button part="button cancel-button" @click=${() => state.cancelClear()}>Cancel</button>
      </div>
    `;
  }
  const message = state.message;
  if (!message && !state.canUndo) return nothing;
  return html`
    <div
      class="state-bar ${message?.kind ?? 'info'}"
      part="message"
      role=${message?.kind === 'error' ? 'alert' : 'status'}
    >
      <span>${message?.text ?? ''}</span>
      ${
        state.canUndo
          ? html`<button part="button undo-button" @click=${() => void state.undoClear().catch(() => {})}>
              Undo
            </button>`
          : nothing
      }
      <button
        part="button dismiss-button"
        class="dismiss"
        aria-label="Dismiss message"
        title="Dismiss"
        @click=${() => state.dismissMessage()}
      >
        ×
      </button>
    </div>
  `;
}
