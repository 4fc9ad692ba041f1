import { html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { FileReport, StateReport } from '../../protocol.js';
import { formatBytes, formatCount } from '../format.js';
import type { TableFormat } from '../table-export/table-export.js';
import type { OverwriteQuestion } from './file-adder.js';
import type { PreviewState } from './preview-cache.js';
import { type PreviewActions, renderPreview } from './state-preview-render.js';

/** File rows per batch of the list: 10,000 files never render in one task. */
export const FILE_BATCH = 100;

export type PanelMessage = { kind: 'info' | 'error'; text: string };

/** A table export under way. */
export interface ExportJob {
  database: string;
  table: string;
  format: TableFormat;
  /** Rows written so far. */
  rows: number;
  /** The table's rows as the listing counted them; null when it did not. */
  total: number | null;
}

/**
 * What the panel shows, as plain data and callbacks: the render never sees
 * the controller, so the controller can import the render and nothing
 * imports back.
 */
export interface StatePanelView {
  /** The cell's name, for the region's label. */
  name: string;
  /** The folder as last read; undefined until the first read ends. */
  report: StateReport | undefined;
  /** What a read of the folder waits for (Python loading, or another cell's run). */
  waiting: 'loading' | 'queued' | undefined;
  /** Why the folder could not be read. */
  loadError: string | undefined;
  /** Outcomes of the last action, in order. */
  messages: readonly PanelMessage[];
  /** Added files that would replace one of the same name, each waiting for an answer. */
  overwrites: readonly OverwriteQuestion[];
  /** The file whose Delete waits for its confirmation. */
  deleting: string | undefined;
  /** The table export under way, with its progress and Cancel. */
  exporting: ExportJob | undefined;
  /** How many file rows to render; the rest wait behind a "Show more" button. */
  shownFiles: number;
  isDatabase(path: string): boolean;
  isExpanded(file: FileReport): boolean;
  previewOf(path: string): PreviewState | undefined;
  /** How many tables of a database's preview to render. */
  shownTablesOf(path: string): number;
  actions: StatePanelActions;
  /** Shown below the files: History. */
  footer?: unknown;
}

/** What the panel's buttons do. */
export interface StatePanelActions extends PreviewActions {
  pickFiles(): void;
  filesPicked(input: HTMLInputElement): void;
  setExpanded(file: FileReport, open: boolean): void;
  download(path: string): void;
  askDelete(path: string): void;
  cancelDelete(): void;
  confirmDelete(path: string): void;
  dismissMessages(): void;
  showMoreFiles(): void;
  cancelExport(): void;
}

/**
 * The State panel: a labelled region with the Add file action, the outcome
 * of the last action, open overwrite questions, and one row per file.
 */
export function renderStatePanel(panel: StatePanelView) {
  return html`
    <section
      id="state-panel"
      class="state-panel"
      part="state-panel"
      role="region"
      aria-label="State of ${panel.name}"
    >
      <div class="state-head">
        <p class="state-summary">${summary(panel)}</p>
        <button
          part="button add-file-button"
          class="add-file-button"
          data-focus="add-file"
          title="Add files to this cell's folder, for its code to open"
          @click=${() => panel.actions.pickFiles()}
        >
          Add file
        </button>
        <input
          class="add-file-input"
          type="file"
          multiple
          hidden
          tabindex="-1"
          aria-hidden="true"
          @change=${(event: Event) => panel.actions.filesPicked(event.target as HTMLInputElement)}
        />
      </div>
      ${renderMessages(panel)} ${renderExport(panel.exporting, panel.actions)} ${panel.overwrites.map((question) => renderOverwrite(question))}
      ${panel.loadError ? html`<p class="state-load-error" role="alert">${panel.loadError}</p>` : nothing}
      ${panel.report ? renderFiles(panel, panel.report) : nothing} ${panel.footer ?? nothing}
    </section>
  `;
}

function summary(panel: StatePanelView): string {
  if (panel.waiting === 'loading') return 'Loading Python to read the files…';
  if (panel.waiting === 'queued') return 'Waiting for the running code to finish…';
  const report = panel.report;
  if (!report) return 'Reading the files…';
  if (report.files.length === 0) return '0 files';
  const total = report.files.reduce((sum, file) => sum + file.size, 0);
  const count = report.files.length === 1 ? '1 file' : `${formatCount(report.files.length)} files`;
  return `${count}, ${formatBytes(total)}`;
}

function renderMessages(panel: StatePanelView) {
  const hasMessages = panel.messages.length > 0;
  // The live region is always there, so that a message added later is announced.
  return html`
    <div class="state-messages ${hasMessages ? 'has-messages' : ''}">
      <div class="message-list" role="status">
        ${panel.messages.map((message) => html`<p class="state-message ${message.kind}">${message.text}</p>`)}
      </div>
      ${
        hasMessages
          ? html`<button
              part="button dismiss-button"
              class="dismiss"
              aria-label="Dismiss messages"
              title="Dismiss"
              @click=${() => panel.actions.dismissMessages()}
            >
              ×
            </button>`
          : nothing
      }
    </div>
  `;
}

function renderExport(job: ExportJob | undefined, actions: StatePanelActions) {
  if (!job) return nothing;
  const label = `Exporting ${job.table} as ${job.format === 'csv' ? 'CSV' : '.xlsx'}`;
  const done =
    job.total === null
      ? `${formatCount(job.rows)} rows`
      : `${formatCount(job.rows)} of ${formatCount(job.total)} rows`;
  // Without a count the bar is indeterminate: no value at all.
  const value = job.total === null ? undefined : Math.min(job.rows, job.total);
  return html`
    <div class="state-export" role="group" aria-label=${label}>
      <span class="export-text">${label}: ${done}</span>
      <progress
        part="export-progress"
        aria-label=${label}
        max=${ifDefined(job.total === null ? undefined : Math.max(job.total, 1))}
        value=${ifDefined(value)}
      ></progress>
      <button
        part="button cancel-export-button"
        aria-label="Cancel the export of ${job.table}"
        data-focus="cancel-export"
        @click=${() => actions.cancelExport()}
      >
        Cancel
      </button>
    </div>
  `;
}

function renderOverwrite(question: OverwriteQuestion) {
  const labelId = `overwrite-${question.id}`;
  return html`
    <div class="state-question" role="group" aria-labelledby=${labelId}>
      <span id=${labelId}><strong>${question.path}</strong> already exists. Replace it with the new file?</span>
      <button
        part="button replace-button"
        class="danger"
        aria-label="Replace ${question.path}"
        @click=${() => void question.answer(true)}
      >
        Replace
      </button>
      <button
        part="button cancel-button"
        aria-label="Cancel adding ${question.path}"
        data-focus="cancel-overwrite:${question.id}"
        @click=${() => void question.answer(false)}
      >
        Cancel
      </button>
    </div>
  `;
}

function renderFiles(panel: StatePanelView, report: StateReport) {
  if (report.files.length === 0) {
    return html`
      <div class="state-empty">
        <p><strong>No files yet.</strong> Files your code writes in its working folder appear here.</p>
        <p>Add a CSV, JSON or database file for it to open, with Add file or by dropping it on the cell.</p>
      </div>
    `;
  }
  const shown = report.files.slice(0, panel.shownFiles);
  const hidden = report.files.length - shown.length;
  return html`
    <ul class="state-files" aria-label="Files">
      ${shown.map((file, index) => renderFile(panel, file, index))}
    </ul>
    ${
      hidden > 0
        ? html`<p class="more-files">
            <span>${formatCount(hidden)} more ${hidden === 1 ? 'file' : 'files'} not shown.</span>
            <button part="button more-files-button" @click=${() => panel.actions.showMoreFiles()}>
              Show ${formatCount(Math.min(hidden, FILE_BATCH))} more
            </button>
          </p>`
        : nothing
    }
  `;
}

function renderFile(panel: StatePanelView, file: FileReport, index: number) {
  const isOpen = panel.isExpanded(file);
  const previewId = `state-file-${index}`;
  const modified = new Date(file.modified);
  return html`
    <li class="state-file">
      <div class="file-row">
        <button
          class="file-toggle"
          aria-expanded=${isOpen ? 'true' : 'false'}
          aria-controls=${previewId}
          aria-label="Preview ${file.path}"
          data-focus="preview:${file.path}"
          @click=${() => panel.actions.setExpanded(file, !isOpen)}
        >
          <span class="chevron" aria-hidden="true"></span>
          <span class="file-path">${file.path}</span>
        </button>
        ${panel.isDatabase(file.path) ? html`<span class="file-kind">SQLite</span>` : nothing}
        ${file.error !== undefined ? html`<span class="file-error">unreadable</span>` : nothing}
        <span class="file-size">${formatBytes(file.size)}</span>
        <time class="file-modified" datetime=${file.modified} title=${modified.toLocaleString()}>
          ${formatModified(modified)}
        </time>
        <span class="file-actions">${renderFileActions(panel, file.path)}</span>
      </div>
      <div class="file-preview" id=${previewId} ?hidden=${!isOpen}>
        ${
          isOpen
            ? renderPreview(
                file,
                panel.previewOf(file.path),
                panel.report,
                panel.actions,
                panel.shownTablesOf(file.path),
              )
            : nothing
        }
      </div>
    </li>
  `;
}

function renderFileActions(panel: StatePanelView, path: string) {
  if (panel.deleting === path) {
    return html`
      <span
        class="confirm"
        role="group"
        aria-label="Delete ${path}?"
        @keydown=${(event: KeyboardEvent) => {
          if (event.key === 'Escape') panel.actions.cancelDelete();
        }}
      >
        <span>Delete ${path}?</span>
        <button
          part="button confirm-delete-button"
          class="danger"
          aria-label="Delete ${path}"
          @click=${() => panel.actions.confirmDelete(path)}
        >
          Delete
        </button>
        <button
          part="button cancel-button"
          aria-label="Cancel deleting ${path}"
          data-focus="cancel-delete:${path}"
          @click=${() => panel.actions.cancelDelete()}
        >
          Cancel
        </button>
      </span>
    `;
  }
  return html`
    <button
      part="button download-button"
      aria-label="Download ${path}"
      @click=${() => panel.actions.download(path)}
    >
      Download
    </button>
    <button
      part="button delete-button"
      aria-label="Delete ${path}"
      data-focus="delete:${path}"
      @click=${() => panel.actions.askDelete(path)}
    >
      Delete
    </button>
  `;
}

/** Today's files by time, older ones by date and time. */
function formatModified(date: Date): string {
  const isToday = date.toDateString() === new Date().toDateString();
  return isToday
    ? date.toLocaleTimeString()
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
