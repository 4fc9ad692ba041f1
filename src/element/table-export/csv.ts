/**
 * CSV as RFC 4180 writes it (https://www.rfc-editor.org/rfc/rfc4180): CRLF
 * after every record, a field quoted when it holds a comma, a quote, CR or
 * LF, quotes inside doubled. No byte order mark: the spec has none, and one
 * would end up in the first column name of most parsers (the .xlsx export is
 * the file for spreadsheets).
 */

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Text a spreadsheet would run as a formula (CSV injection:
 * https://owasp.org/www-community/attacks/CSV_Injection). A table from a
 * stranger's state file may hold `=HYPERLINK(…)`.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Text that is a plain decimal number (a big integer arrives as text): a spreadsheet reads it as a number, never a formula. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * One field: NULL (and undefined) is empty, numbers and booleans as
 * JavaScript writes them; text that starts like a formula gets a leading
 * apostrophe, as OWASP advises, so a spreadsheet shows it as text.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) {
    text = `'${text}`;
  }
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The records of `rows`, each ended by CRLF (a chunk of a larger file). */
export function csvRecords(rows: readonly (readonly unknown[])[]): string {
  let text = '';
  for (const record of rows) text += `${record.map(csvField).join(',')}\r\n`;
  return text;
}

/** A header record of `columns`, then one record per row. */
export function toCsv(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return csvRecords([columns, ...rows]);
}
