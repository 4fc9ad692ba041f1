import { html, nothing } from 'lit';
import type { FileReport, StateReport, TableReport } from '../../protocol.js';
import { formatBytes, formatCount } from '../format.js';
import type { TableFormat } from '../table-export/table-export.js';
import type { PreviewState } from './preview-cache.js';

/** What a preview's buttons do. */
export interface PreviewActions {
  exportTable(database: string, table: string, format: TableFormat): void;
  showMoreTables(database: string): void;
}

/** Tables per batch of a database's preview: 3,000 tables never render in one task. */
export const TABLE_BATCH = 20;

/** JSON longer than this many lines starts collapsed. */
const OPEN_JSON_LINES = 30;

type PreviewTable = TableReport & { rows?: unknown[][] };

/** What an open file row shows: tables, pretty JSON, the start of a text, or "binary". */
export function renderPreview(
  file: FileReport,
  state: PreviewState | undefined,
  report: StateReport | undefined,
  actions: PreviewActions,
  shownTables: number,
) {
  if (file.error !== undefined) {
    return html`<p class="preview-error">Could not read ${file.path}: ${file.error}</p>`;
  }
  const database = report?.databases.find((entry) => entry.path === file.path);
  if (database?.error !== undefined) {
    return html`<p class="preview-error">Could not open ${file.path}: ${database.error}</p>`;
  }
  if (state?.status === 'error') {
    return html`<p class="preview-error">Could not preview ${file.path}: ${state.message}</p>`;
  }
  if (state?.status !== 'ready') {
    // The listing already has each table's columns and count; the rows follow.
    if (database) return renderDatabase(actions, file.path, database.tables, shownTables);
    return html`<p class="preview-note">Loading preview…</p>`;
  }
  const preview = state.preview;
  switch (preview.kind) {
    case 'sqlite':
      return renderDatabase(actions, file.path, preview.tables, shownTables);
    case 'json':
      return renderJson(preview.text);
    case 'text':
      return renderText(preview.text, preview.truncated, file.size);
    case 'binary':
      return html`<p class="preview-note">binary, ${formatCount(preview.size)} bytes</p>`;
  }
}

function renderDatabase(
  actions: PreviewActions,
  path: string,
  tables: readonly PreviewTable[],
  shownTables: number,
) {
  if (tables.length === 0) return html`<p class="preview-note">No tables.</p>`;
  const hidden = tables.length - Math.min(tables.length, shownTables);
  const next = formatCount(Math.min(hidden, TABLE_BATCH));
  return html`
    ${tables.slice(0, shownTables).map((table) => renderTable(actions, path, table))}
    ${
      hidden > 0
        ? html`<p class="more-tables">
            <span>${formatCount(hidden)} more ${hidden === 1 ? 'table' : 'tables'} not shown.</span>
            <button
              part="button more-tables-button"
              aria-label="Show ${next} more tables of ${path}"
              @click=${() => actions.showMoreTables(path)}
            >
              Show ${next} more
            </button>
          </p>`
        : nothing
    }
  `;
}

function renderTable(actions: PreviewActions, path: string, table: PreviewTable) {
  const rows = table.rows;
  const rowCount = table.rowCount;
  const count =
    rowCount === null
      ? (table.note ?? 'rows: not counted')
      : `${formatCount(rowCount)} ${rowCount === 1 ? 'row' : 'rows'}`;
  const columns = `${table.columns.length} ${table.columns.length === 1 ? 'column' : 'columns'}`;
  const isCut = rows !== undefined && (rowCount === null || rows.length < rowCount);
  const shown = isCut && rows.length > 0 ? `first ${rows.length} shown` : '';
  const description = [count, columns, shown].filter(Boolean).join(', ');
  return html`
    <div class="db-table">
      <div class="table-bar">
        <span class="table-title"><strong>${table.name}</strong> <span>${description}</span></span>
        <span class="table-actions">
          <button
            part="button export-csv-button"
            aria-label="Export CSV of ${table.name} in ${path}"
            @click=${() => actions.exportTable(path, table.name, 'csv')}
          >
            Export CSV
          </button>
          <button
            part="button export-xlsx-button"
            aria-label="Export .xlsx of ${table.name} in ${path}"
            @click=${() => actions.exportTable(path, table.name, 'xlsx')}
          >
            Export .xlsx
          </button>
        </span>
      </div>
      ${
        table.error
          ? html`<p class="preview-error">Could not read ${table.name}: ${table.error}</p>`
          : rows
            ? renderRows(table, rows, description)
            : html`<p class="preview-note">Loading the first rows…</p>`
      }
    </div>
  `;
}

function renderRows(table: PreviewTable, rows: unknown[][], description: string) {
  return html`
    <div class="table-scroll" tabindex="0" role="group" aria-label="Table ${table.name}">
      <table>
        <caption class="visually-hidden">${table.name}: ${description}</caption>
        <thead>
          <tr>${table.columns.map((column) => html`<th scope="col">${column}</th>`)}</tr>
        </thead>
        <tbody>
          ${rows.map((row) => html`<tr>${row.map((value) => renderCell(value))}</tr>`)}
        </tbody>
      </table>
    </div>
    ${rows.length === 0 ? html`<p class="preview-note">No rows.</p>` : nothing}
  `;
}

function renderCell(value: unknown) {
  if (value === null) return html`<td class="null">NULL</td>`;
  if (typeof value === 'number') return html`<td class="number">${value}</td>`;
  return html`<td>${String(value)}</td>`;
}

function renderJson(text: string) {
  const lines = text.split('\n').length;
  const pre = html`<pre class="file-text" tabindex="0">${text}</pre>`;
  if (lines <= OPEN_JSON_LINES) return pre;
  return html`<details class="long-text"><summary>JSON, ${lines} lines</summary>${pre}</details>`;
}

function renderText(text: string, isTruncated: boolean, size: number) {
  if (text === '') return html`<p class="preview-note">Empty file.</p>`;
  return html`
    <pre class="file-text" tabindex="0">${text}</pre>
    ${
      isTruncated
        ? html`<p class="preview-note">Only the start is shown: the file is ${formatBytes(size)}.</p>`
        : nothing
    }
  `;
}
