import { sharedRuntime } from '../../runtime/shared-runtime.js';
import { sanitizeFileName } from '../../state/state-file.js';
import { downloadBlob } from '../download.js';
import { formatCount } from '../format.js';
import { csvRecords } from './csv.js';
import { XlsxSheetWriter } from './xlsx.js';
import { ROWS_PER_TASK, yieldToPage } from './yield-to-page.js';

export type TableFormat = 'csv' | 'xlsx';

/**
 * Rows per request to the worker: small enough that turning a page into CSV
 * or sheet XML stays far below 100 ms of main thread, and that another
 * cell's run never waits long behind an export.
 */
export const EXPORT_PAGE_ROWS = 5000;

export interface ExportOptions {
  /** Cancels the export between two pages; nothing is downloaded then. */
  signal?: AbortSignal;
  /** Called after each page with the rows written so far. */
  onProgress?(rows: number): void;
  /** The cell the export belongs to: its Stop cancels the worker's part. */
  owner?: object;
}

/** An export the reader cancelled. */
export class ExportCancelledError extends Error {
  override readonly name = 'ExportCancelledError';
}

const encoder = new TextEncoder();

/**
 * Downloads every row of a table as `<db stem>-<table>.csv` (RFC 4180) or
 * `.xlsx`; resolves with a sentence that says what was saved. The rows come
 * from the worker a page at a time and are written between pages, so a
 * million rows never hold the main thread (#12: 13.7 s for an .xlsx).
 */
export async function exportTable(
  env: string,
  database: string,
  table: string,
  format: TableFormat,
  { signal, onProgress, owner }: ExportOptions = {},
): Promise<string> {
  const runtime = sharedRuntime();
  const fileName = exportFileName(database, table, format);
  const csvParts: Uint8Array[] = [];
  let sheet: XlsxSheetWriter | undefined;
  let written = 0;
  for (let isLast = false; !isLast; ) {
    if (signal?.aborted) throw new ExportCancelledError(`Cancelled the export of ${table}.`);
    const page = await runtime.call(
      'exportTable',
      { env, path: database, table, offset: written, limit: EXPORT_PAGE_ROWS },
      owner ? { owner } : {},
    );
    // A page may end early when the worker's time budget for it runs out.
    isLast = page.done;
    if (format === 'csv') {
      if (written === 0) csvParts.push(encoder.encode(csvRecords([page.columns])));
      for (let start = 0; start < page.rows.length; start += ROWS_PER_TASK) {
        if (start > 0) await yieldToPage();
        const slice = page.rows.slice(start, start + ROWS_PER_TASK);
        csvParts.push(encoder.encode(csvRecords(slice)));
      }
    } else {
      sheet ??= new XlsxSheetWriter(table, page.columns);
      await sheet.addRows(page.rows);
    }
    written += page.rows.length;
    onProgress?.(written);
  }
  if (signal?.aborted) throw new ExportCancelledError(`Cancelled the export of ${table}.`);
  let note = '';
  if (sheet) {
    downloadBlob(await sheet.finish(), fileName);
    if (sheet.cutCells > 0) {
      note = ` ${sheet.cutCells} cells were longer than Excel's 32,767 characters and were cut; the CSV export keeps them whole.`;
    }
  } else {
    downloadBlob(new Blob(csvParts as BlobPart[], { type: 'text/csv;charset=utf-8' }), fileName);
  }
  const count = written === 1 ? '1 row' : `${formatCount(written)} rows`;
  return `Exported ${count} of ${table} as ${fileName}.${note}`;
}

/** `<db stem>-<table>.<format>`, as one safe file name. */
export function exportFileName(database: string, table: string, format: TableFormat): string {
  const name = database.slice(database.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  // sanitizeFileName keeps only what follows the last slash; a table name may have one.
  return sanitizeFileName(`${stem}-${table.replace(/[/\\]/g, '_')}.${format}`);
}
