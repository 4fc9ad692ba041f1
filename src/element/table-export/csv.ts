/**
 * CSV as RFC 4180 writes it (https://www.rfc-editor.org/rfc/rfc4180): CRLF
 * after every record, a field quoted when it holds a comma, a quote, CR or
 * LF, quotes inside doubled. No byte order mark: the spec has none, and one
 * would end up in the first column name of most parsers (the .xlsx export is
 * the file for spreadsheets).
 */

const NEEDS_QUOTES = /[",\r\n]/;

/** One field: NULL (and undefined) is empty, numbers and booleans as JavaScript writes them. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A header record of `columns`, then one record per row. */
export function toCsv(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const records = [columns, ...rows].map((record) => `${record.map(csvField).join(',')}\r\n`);
  return records.join('');
}
