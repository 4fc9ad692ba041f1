import { html, nothing } from 'lit';
import { formatAgo, formatBytes } from './format.js';
import type { PersistController } from './persist-controller.js';

/**
 * The quiet lines of a stored cell: restored from this browser (with Reset),
 * a storage warning, and the choice when another tab saved over it.
 */
export function renderPersistBar(persist: PersistController, name: string) {
  if (!persist.isActive) return nothing;
  return html`${conflict(persist, name)}${warning(persist)}${restored(persist, name)}`;
}

/** One line for the State panel: persistent or best-effort, and how much is used. */
export function renderStorageInfo(persist: PersistController) {
  const storage = persist.storage;
  if (!persist.isActive || storage === undefined) return nothing;
  const kind = storage.persistent
    ? 'persistent: the browser keeps it until you clear this site’s data'
    : 'best-effort: the browser may clear it when space runs low';
  const used =
    storage.usage === undefined
      ? ''
      : ` · ${formatBytes(storage.usage)} used${storage.quota ? ` of ${formatBytes(storage.quota)}` : ''}`;
  return html`<p class="storage-info" part="storage-info">Browser storage ${kind}${used}.</p>`;
}

function conflict(persist: PersistController, name: string) {
  if (persist.conflictRevision === undefined) return nothing;
  return html`
    <div class="state-bar error persist-conflict" part="message" role="alert">
      <span><strong>${name}</strong> was changed in another tab.</span>
      <button part="button load-newer-button" @click=${() => void persist.loadNewer()}>
        Load the newer state
      </button>
      <button part="button keep-mine-button" @click=${() => void persist.keepMine()}>
        Keep mine
      </button>
    </div>
  `;
}

function warning(persist: PersistController) {
  const text = persist.warning;
  if (text === undefined) return nothing;
  return html`<p class="state-bar error persist-warning" part="message storage-warning" role="alert">
    ${text}
  </p>`;
}

function restored(persist: PersistController, name: string) {
  if (persist.isAskingReset) {
    return html`
      <div
        class="state-bar confirm"
        part="message"
        role="alertdialog"
        aria-label="Reset ${name}?"
        @keydown=${(event: KeyboardEvent) => {
          if (event.key === 'Escape') persist.cancelReset();
        }}
      >
        <span>Put back the page’s original code. Keep the files?</span>
        <button part="button reset-keep-button" @click=${() => void persist.reset(true)}>
          Keep files
        </button>
        <button part="button reset-clear-button" class="danger" @click=${() => void persist.reset(false)}>
          Clear files too
        </button>
        <button part="button cancel-button" @click=${() => persist.cancelReset()}>Cancel</button>
      </div>
    `;
  }
  if (persist.restoredSavedAt === undefined) return nothing;
  return html`
    <p class="restored-line" part="restored">
      Restored from this browser, saved ${formatAgo(Date.parse(persist.restoredSavedAt))}.
      <button part="button reset-button" class="link" @click=${() => persist.askReset()}>Reset</button>
    </p>
  `;
}
