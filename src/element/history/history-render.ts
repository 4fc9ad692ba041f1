import { html, nothing } from 'lit';
import type { RevisionInfo } from '../../persist/store-types.js';
import { formatBytes } from '../format.js';
import type { HistoryController } from './history-controller.js';
import { describeChanges, formatSavedAt } from './revision-text.js';

/**
 * History, at the foot of the State panel: the outcome of the last restore
 * with Undo, then one row per stored revision, newest first, with Restore.
 * Nothing for a cell that keeps nothing (`persist="none"`).
 */
export function renderHistory(history: HistoryController, name: string) {
  if (history.storageKey === undefined) return nothing;
  return html`
    <div class="history" part="history" role="group" aria-label="History of ${name}">
      <p class="history-title">History</p>
      <div class="history-status" role="status">
        ${history.message ? html`<span>${history.message}</span>` : nothing}
        ${
          history.undo
            ? html`<button
                part="button history-undo-button"
                ?disabled=${history.isBusy}
                @click=${() => void history.undoRestore()}
              >
                Undo
              </button>`
            : nothing
        }
      </div>
      ${history.error ? html`<p class="history-error" role="alert">${history.error}</p>` : nothing}
      ${renderEntries(history)}
    </div>
  `;
}

function renderEntries(history: HistoryController) {
  const entries = history.entries;
  if (entries === undefined) return html`<p class="history-note">Reading the history…</p>`;
  if (entries.length === 0) {
    return html`<p class="history-note">
      No saved revisions yet. Each save of this cell in this browser appears here.
    </p>`;
  }
  return html`
    <ol class="history-list" aria-label="Revisions, newest first">
      ${entries.map((entry) => renderEntry(history, entry))}
    </ol>
  `;
}

function renderEntry(history: HistoryController, entry: RevisionInfo) {
  if (entry.damaged) {
    return html`<li class="history-entry damaged">
      <span class="history-revision">Revision ${entry.revision}</span>
      <span class="history-changes">damaged: it cannot be restored</span>
    </li>`;
  }
  const files = entry.fileCount === 1 ? '1 file' : `${entry.fileCount} files`;
  return html`
    <li class="history-entry">
      <span class="history-revision">Revision ${entry.revision}</span>
      <time datetime=${entry.savedAt} title=${new Date(entry.savedAt).toLocaleString()}>
        ${formatSavedAt(entry.savedAt)}
      </time>
      <span class="history-changes">${describeChanges(entry.changes)}</span>
      <span class="history-size">${files}, ${formatBytes(entry.bytes)}</span>
      <button
        part="button restore-button"
        aria-label="Restore revision ${entry.revision}"
        ?disabled=${history.isBusy}
        @click=${() => void history.restore(entry.revision)}
      >
        Restore
      </button>
    </li>
  `;
}
