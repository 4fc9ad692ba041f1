/**
 * A table as an .xlsx workbook, written by write-excel-file. The library
 * (about 21 KB gzipped with its zip dependency) is imported on the first
 * export only, so a page that never exports does not download it.
 */

/** Excel's limits: https://support.microsoft.com/office/excel-specifications-and-limits-1672b34d-7043-467e-8e27-269d656771c3 */
const MAX_ROWS = 1_048_576;
const MAX_CELL_CHARS = 32_767;
const MAX_SHEET_NAME_CHARS = 31;

/** A written workbook, and what had to change to fit Excel. */
export interface XlsxOutcome {
  blob: Blob;
  /** Cells longer than Excel holds, cut to its limit. */
  cutCells: number;
}

/** A table too large for one Excel sheet. */
export class XlsxLimitError extends Error {
  override readonly name = 'XlsxLimitError';
}

/**
 * One sheet named after the table: a bold header row, then the rows. Numbers
 * stay numbers; everything else is text (SQLite has no dates or booleans).
 */
export async function tableToXlsx(
  sheetName: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): Promise<XlsxOutcome> {
  if (rows.length + 1 > MAX_ROWS) {
    throw new XlsxLimitError(
      `${sheetName} has ${rows.length} rows; an Excel sheet holds at most ${MAX_ROWS - 1} below its header. Export it as CSV instead.`,
    );
  }
  const { default: writeXlsxFile } = await import('write-excel-file/browser');
  let cutCells = 0;
  const text = (value: string) => {
    if (value.length <= MAX_CELL_CHARS) return value;
    cutCells += 1;
    return value.slice(0, MAX_CELL_CHARS);
  };
  const header = columns.map((column) => ({ value: text(column), fontWeight: 'bold' as const }));
  const body = rows.map((row) =>
    row.map((value) => {
      if (value === null || value === undefined) return null;
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      return text(String(value));
    }),
  );
  const blob = await writeXlsxFile([header, ...body], {
    sheet: safeSheetName(sheetName),
    stickyRowsCount: 1,
  }).toBlob();
  return { blob, cutCells };
}

/** Excel refuses sheet names with `[]:*?/\`, longer than 31 characters, or empty. */
function safeSheetName(name: string): string {
  const cleaned = name.replace(/[[\]:*?/\\]/g, '_').slice(0, MAX_SHEET_NAME_CHARS);
  return cleaned.replace(/^'+|'+$/g, '') || 'Sheet1';
}
