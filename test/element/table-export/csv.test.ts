import { assert } from 'chai';
import { csvField, toCsv } from '../../../src/element/table-export/csv.js';
import { exportFileName } from '../../../src/element/table-export/table-export.js';

suite('CSV (RFC 4180)', () => {
  const fields: [string, unknown, string][] = [
    ['plain text as it is', 'plain', 'plain'],
    ['empty text as nothing', '', ''],
    ['NULL as nothing', null, ''],
    ['undefined as nothing', undefined, ''],
    ['integers as digits', 42, '42'],
    ['negative floats as JavaScript writes them', -1.5, '-1.5'],
    ['a comma quoted', 'a,b', '"a,b"'],
    ['a quote quoted and doubled', 'say "hi"', '"say ""hi"""'],
    ['a lone quote quoted and doubled', '"', '""""'],
    ['LF quoted', 'line\nbreak', '"line\nbreak"'],
    ['CR quoted', 'carriage\rreturn', '"carriage\rreturn"'],
    ['CRLF quoted', 'a\r\nb', '"a\r\nb"'],
    ['leading and trailing spaces kept unquoted', '  padded  ', '  padded  '],
    ['a semicolon unquoted (not a separator here)', 'a;b', 'a;b'],
    ['non-ASCII text as it is', 'Zoë ☕ 東京', 'Zoë ☕ 東京'],
    ['a formula with = as text', '=1+1', "'=1+1"],
    ['a formula with + as text', '+1+1', "'+1+1"],
    ['a formula with - as text', '-2+3', "'-2+3"],
    ['a formula with @ as text', '@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['text after a TAB as text', '\t=1', "'\t=1"],
    ['text after a CR as text, quoted', '\r=1', `"'\r=1"`],
    [
      'a HYPERLINK formula as text, quoted',
      '=HYPERLINK("http://x","y")',
      `"'=HYPERLINK(""http://x"",""y"")"`,
    ],
    ['an = inside text as it is', 'a=b', 'a=b'],
    ['negative numbers as numbers', -42, '-42'],
    ['a big negative integer sent as text as a number', '-9007199254740993', '-9007199254740993'],
  ];
  for (const [behaviour, value, expected] of fields) {
    test(`writes ${behaviour}`, () => {
      assert.equal(csvField(value), expected);
    });
  }

  test('writes a header record, then one record per row, each ended by CRLF', () => {
    const text = toCsv(
      ['id', 'name, full', 'note'],
      [
        [1, 'Ann', null],
        [2, 'Bob "B"', 'two\nlines'],
      ],
    );
    assert.equal(text, 'id,"name, full",note\r\n1,Ann,\r\n2,"Bob ""B""","two\nlines"\r\n');
  });

  test('writes only the header for a table without rows', () => {
    assert.equal(toCsv(['a', 'b'], []), 'a,b\r\n');
  });
});

suite('export file names', () => {
  const names: [string, string, string, 'csv' | 'xlsx', string][] = [
    ['the database stem and the table', 'app_state.db', 'users', 'csv', 'app_state-users.csv'],
    ['only the last extension dropped', 'data.v2.sqlite', 'items', 'xlsx', 'data.v2-items.xlsx'],
    ['a name without an extension kept whole', 'store', 'log', 'csv', 'store-log.csv'],
    [
      'a database in a subfolder by its own name',
      'dbs/shop.db',
      'orders',
      'csv',
      'shop-orders.csv',
    ],
    ['unsafe characters of a table name replaced', 'app.db', 'a/b:c', 'csv', 'app-a_b_c.csv'],
  ];
  for (const [behaviour, database, table, format, expected] of names) {
    test(`names the download after ${behaviour}`, () => {
      assert.equal(exportFileName(database, table, format), expected);
    });
  }
});
