import { sharedRuntime } from '../../runtime/shared-runtime.js';
import { sanitizeFileName } from '../../state/state-file.js';
import { downloadBlob } from '../download.js';
import { toCsv } from './csv.js';
import { tableToXlsx } from './xlsx.js';

export type TableFormat = 'csv' | 'xlsx';

/**
 * Downloads every row of a table as `<db stem>-<table>.csv` (RFC 4180) or
 * `.xlsx`; resolves with a sentence that says what was saved.
 */
export async function exportTable(
  env: string,
  database: string,
  table: string,
  format: TableFormat,
): Promise<string> {
  const { columns, rows } = await sharedRuntime().call('exportTable', {
    env,
    path: database,
    table,
  });
  const fileName = exportFileName(database, table, format);
  let note = '';
  if (format === 'csv') {
    downloadBlob(new Blob([toCsv(columns, rows)], { type: 'text/csv;charset=utf-8' }), fileName);
  } else {
    const { blob, cutCells } = await tableToXlsx(table, columns, rows);
    downloadBlob(blob, fileName);
    if (cutCells > 0) {
      note = ` ${cutCells} cells were longer than Excel's 32,767 characters and were cut; the CSV export keeps them whole.`;
    }
  }
  const count = rows.length === 1 ? '1 row' : `${rows.length} rows`;
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
