import { ROWS_PER_TASK, yieldToPage } from './yield-to-page.js';
import { ZipWriter } from './zip-writer.js';

/**
 * A table as an .xlsx workbook (Office Open XML, ECMA-376), written row
 * batch by row batch: the sheet's XML goes straight into the zip's deflate
 * stream, so a million rows never build one string or one task. Text is
 * written as inline strings, which a spreadsheet never evaluates: a
 * stranger's `=HYPERLINK(…)` stays text.
 */

/** Excel's limits: https://support.microsoft.com/office/excel-specifications-and-limits-1672b34d-7043-467e-8e27-269d656771c3 */
export const MAX_XLSX_ROWS = 1_048_576;
const MAX_CELL_CHARS = 32_767;
const MAX_SHEET_NAME_CHARS = 31;

/** A table too large for one Excel sheet. */
export class XlsxLimitError extends Error {
  override readonly name = 'XlsxLimitError';
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_RELATIONSHIPS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const encoder = new TextEncoder();

/** Characters XML 1.0 cannot hold at all (controls but TAB, LF, CR; lone surrogates; U+FFFE/F). */
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point.
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** What escapeXml changes; most cells have none of it, and skip the replacing. */
const NEEDS_ESCAPE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point.
  /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff\ud800-\udfff]/;

/** Text for XML content; `"` too for an attribute value. */
function escapeXml(text: string, isAttribute = false): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  const escaped = text
    .replace(NOT_XML, '\ufffd')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
  return isAttribute ? escaped.replaceAll('"', '&quot;') : escaped;
}

/** Column letters: A…Z, AA…ZZ, AAA…. */
function columnName(index: number): string {
  let name = '';
  for (let rest = index + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    name = String.fromCharCode(65 + ((rest - 1) % 26)) + name;
  }
  return name;
}

/** Excel refuses sheet names with `[]:*?/\`, longer than 31 characters, or empty. */
function safeSheetName(name: string): string {
  const cleaned = name.replace(/[[\]:*?/\\]/g, '_').slice(0, MAX_SHEET_NAME_CHARS);
  return cleaned.replace(/^'+|'+$/g, '') || 'Sheet1';
}

/**
 * One sheet named after the table: a bold, frozen header row, then the
 * rows. Numbers stay numbers; everything else is text (SQLite has no dates
 * or booleans).
 */
export class XlsxSheetWriter {
  #zip = new ZipWriter();
  #sheet;
  #columns: string[];
  #rowNumber = 0;
  /** XML written but not yet handed to the deflate stream. */
  #pending: string;

  /** Cells longer than Excel holds, cut to its limit. */
  cutCells = 0;

  constructor(sheetName: string, columns: readonly string[]) {
    this.#columns = columns.map((_, index) => columnName(index));
    this.#writeParts(safeSheetName(sheetName));
    this.#sheet = this.#zip.startDeflated('xl/worksheets/sheet1.xml');
    const pane = '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>';
    const start = `${HEAD}<worksheet xmlns="${MAIN}"><sheetViews><sheetView workbookViewId="0">${pane}</sheetView></sheetViews><sheetData>`;
    this.#pending = start + this.#row(columns, 1);
  }

  /** Adds rows below those already written; refuses to pass Excel's row limit. */
  async addRows(rows: readonly (readonly unknown[])[]): Promise<void> {
    if (this.#rowNumber + rows.length > MAX_XLSX_ROWS) {
      throw new XlsxLimitError(
        `An Excel sheet holds at most ${MAX_XLSX_ROWS - 1} rows below its header. Export it as CSV instead.`,
      );
    }
    for (let start = 0; start < rows.length; start += ROWS_PER_TASK) {
      if (start > 0) await yieldToPage();
      let xml = this.#pending;
      this.#pending = '';
      const end = Math.min(rows.length, start + ROWS_PER_TASK);
      for (let index = start; index < end; index += 1) xml += this.#row(rows[index]!, 0);
      await this.#sheet.write(encoder.encode(xml));
    }
  }

  /** Ends the sheet and the workbook. */
  async finish(): Promise<Blob> {
    await this.#sheet.write(encoder.encode(`${this.#pending}</sheetData></worksheet>`));
    await this.#sheet.close();
    return this.#zip.finish('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  }

  /** A row; style 1 (bold) for the header. */
  #row(values: readonly unknown[], style: number): string {
    this.#rowNumber += 1;
    const number = this.#rowNumber;
    const styleAttribute = style ? ` s="${style}"` : '';
    let xml = `<row r="${number}">`;
    for (let index = 0; index < values.length; index += 1) {
      const value = values[index];
      if (value === null || value === undefined) continue;
      const reference = `${this.#columns[index] ?? columnName(index)}${number}`;
      if (typeof value === 'number' && Number.isFinite(value)) {
        xml += `<c r="${reference}"${styleAttribute}><v>${value}</v></c>`;
      } else {
        xml += `<c r="${reference}"${styleAttribute} t="inlineStr"><is><t xml:space="preserve">${escapeXml(this.#text(String(value)))}</t></is></c>`;
      }
    }
    return `${xml}</row>`;
  }

  #text(value: string): string {
    if (value.length <= MAX_CELL_CHARS) return value;
    this.cutCells += 1;
    return value.slice(0, MAX_CELL_CHARS);
  }

  #writeParts(sheetName: string): void {
    const type = (part: string, kind: string) =>
      `<Override PartName="${part}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.${kind}+xml"/>`;
    this.#zip.addStored(
      '[Content_Types].xml',
      `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${type('/xl/workbook.xml', 'sheet.main')}${type('/xl/worksheets/sheet1.xml', 'worksheet')}${type('/xl/styles.xml', 'styles')}</Types>`,
    );
    this.#zip.addStored(
      '_rels/.rels',
      `${HEAD}<Relationships xmlns="${PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" Type="${RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    );
    this.#zip.addStored(
      'xl/workbook.xml',
      `${HEAD}<workbook xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}"><sheets><sheet name="${escapeXml(sheetName, true)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    );
    this.#zip.addStored(
      'xl/_rels/workbook.xml.rels',
      `${HEAD}<Relationships xmlns="${PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" Type="${RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${RELATIONSHIPS}/styles" Target="styles.xml"/></Relationships>`,
    );
    this.#zip.addStored(
      'xl/styles.xml',
      `${HEAD}<styleSheet xmlns="${MAIN}"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`,
    );
  }
}
