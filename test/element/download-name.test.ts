import { assert } from 'chai';
import { safeDownloadName } from '../../src/element/download-name.js';

suite('download names', () => {
  const names: [string, string, string][] = [
    ['keeps an ordinary name', 'report.csv', 'report.csv'],
    ['keeps only the last folder segment', 'data/2024/report.csv', 'report.csv'],
    ['turns backslashes and a drive colon into _', 'C:\\Users\\me\\out.csv', 'C__Users_me_out.csv'],
    ['turns a colon into _', 'a:b.txt', 'a_b.txt'],
    ['turns characters Windows refuses into _', 'what?<now>|"x"*.txt', 'what__now___x__.txt'],
    ['prefixes a device name', 'CON', '_CON'],
    ['prefixes a device name with an extension', 'nul.txt', '_nul.txt'],
    ['prefixes a numbered device name', 'COM1.csv', '_COM1.csv'],
    ['prefixes a device name that ends in spaces', 'LPT9 .tar.gz', '_LPT9 .tar.gz'],
    ['leaves a name that only starts like a device', 'console.log', 'console.log'],
    ['drops trailing dots and spaces', 'notes. . ', 'notes'],
    ['drops control characters', 'a\u0001b\u007f.txt', 'ab.txt'],
    ['falls back to "file" when nothing is left', '...', 'file'],
  ];
  for (const [behaviour, name, expected] of names) {
    test(`${behaviour}: ${JSON.stringify(name)}`, () => {
      assert.equal(safeDownloadName(name), expected);
    });
  }
});
