import { assert } from 'chai';
import {
  checkDataFileName,
  checkStatePath,
  findStatePathProblem,
  sanitizeFileName,
  stateFileName,
} from '../../src/state/state-path.js';

const byteLength = (text: string) => new TextEncoder().encode(text).length;

suite('checkStatePath', () => {
  const validPaths = [
    'notes.txt',
    'data/numbers.json',
    'données/é.txt',
    '.hidden',
    'a..b/c',
    '.../x',
    'name with spaces.txt',
    'x'.repeat(4096),
    // A backslash is an ordinary character of a POSIX name (#12).
    'C:\\Users\\me\\out.csv',
    'a\\b/c\\..\\d',
    '__proto__',
    'constructor/__proto__',
    '\u{1F600}.txt',
  ];
  for (const path of validPaths) {
    test(`accepts ${JSON.stringify(path.slice(0, 40))}`, () => {
      assert.isUndefined(checkStatePath(path));
    });
  }

  const invalidPaths: [path: string, reason: RegExp][] = [
    ['', /empty/],
    ['/etc/passwd', /starts with \//],
    ['../evil.txt', /"\.\." segment/],
    ['a/../../b', /"\.\." segment/],
    ['a/..', /"\.\." segment/],
    ['./a', /"\." segment/],
    ['a/./b', /"\." segment/],
    ['a//b', /empty segment/],
    ['a/', /empty segment/],
    ['a\u0000b', /NUL/],
    ['a\uD800b', /lone surrogate/],
    ['x/\uDC00', /lone surrogate/],
    ['x'.repeat(4097), /4097 characters long, more than 4096/],
  ];
  for (const [path, reason] of invalidPaths) {
    test(`refuses ${JSON.stringify(path.slice(0, 40))} and says why`, () => {
      assert.match(checkStatePath(path) ?? '', reason);
    });
  }
});

suite('findStatePathProblem', () => {
  const cases: [paths: string[], problem: RegExp | undefined, reason?: string, path?: string][] = [
    [[], undefined],
    [['a', 'b/c', 'b/d', 'bc'], undefined],
    [['ok.txt', '../x'], /^Refused "\.\.\/x": .*"\.\." segment/, 'path', '../x'],
    [['a', 'b', 'a'], /^a: this path appears more than once$/, 'duplicate-path', 'a'],
    [['a', 'a/b'], /^Refused "a\/b": it needs "a" to be a folder/, 'path', 'a/b'],
    [['x/y/z', 'x/y'], /^Refused "x\/y\/z": it needs "x\/y" to be a folder/, 'path', 'x/y/z'],
  ];
  for (const [paths, message, reason, path] of cases) {
    test(`${message === undefined ? 'accepts' : 'refuses'} ${JSON.stringify(paths)}`, () => {
      const problem = findStatePathProblem(paths);
      if (message === undefined) {
        assert.isUndefined(problem);
        return;
      }
      assert.match(problem?.message ?? '', message);
      assert.strictEqual(problem?.reason, reason);
      assert.strictEqual(problem?.path, path);
    });
  }
});

suite('checkDataFileName', () => {
  const keptNames = [
    'sales+q1 (2).csv',
    '$(rm -rf ~).sh',
    'a<b>c:d"e|f?g*h.txt',
    ' spaced ',
    '.bashrc',
    '...',
    'back\\slash.txt',
    'emoji😀.png',
    'é'.repeat(127),
    'x'.repeat(255),
  ];
  for (const name of keptNames) {
    test(`keeps ${JSON.stringify(name.slice(0, 40))} as it is`, () => {
      assert.isUndefined(checkDataFileName(name));
    });
  }

  const refusedNames: [name: string, reason: RegExp][] = [
    ['', /empty/],
    ['.', /names a folder/],
    ['..', /names a folder/],
    ['a/b.csv', /contains \//],
    ['../evil.csv', /contains \//],
    ['nul\u0000.txt', /NUL/],
    ['lone\uD800.txt', /lone surrogate/],
    ['lone\uDC00.txt', /lone surrogate/],
    ['x'.repeat(256), /256 bytes long in UTF-8, more than 255/],
    ['é'.repeat(128), /256 bytes long/],
  ];
  for (const [name, reason] of refusedNames) {
    test(`refuses ${JSON.stringify(name.slice(0, 40))} saying why`, () => {
      assert.match(checkDataFileName(name) ?? 'accepted', reason);
    });
  }
});

suite('sanitizeFileName', () => {
  const cases: [name: string, expected: string][] = [
    ['notes.txt', 'notes.txt'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\x\\a.csv', 'a.csv'],
    ['a/b', 'b'],
    ['folder/', 'file'],
    ['..', 'file'],
    ['.', 'file'],
    ['', 'file'],
    ['   ', 'file'],
    ['a<b>c:d"e|f?g*h.txt', 'a_b_c_d_e_f_g_h.txt'],
    ['$(rm -rf ~).sh', '__rm -rf __.sh'],
    ['  report .txt. ', 'report .txt'],
    ['.bashrc', 'bashrc'],
    ['tab\there\u0000\u007f.txt', 'tabhere.txt'],
    ['line\nbreak.txt', 'linebreak.txt'],
    ['données é.txt', 'données é.txt'],
    ['e\u0301te\u0301.txt', 'e\u0301te\u0301.txt'],
    ['日本語.csv', '日本語.csv'],
    ['emoji😀.png', 'emoji_.png'],
    ['x'.repeat(300), 'x'.repeat(255)],
    [`${'a'.repeat(300)}.txt`, `${'a'.repeat(251)}.txt`],
    [`${'é'.repeat(200)}.txt`, `${'é'.repeat(125)}.txt`],
    [`a.${'b'.repeat(300)}`, `a.${'b'.repeat(253)}`],
    ['𝒜'.repeat(100), '𝒜'.repeat(63)],
    [`${'a'.repeat(250)}    .txt`, `${'a'.repeat(250)}.txt`],
  ];
  for (const [name, expected] of cases) {
    test(`turns ${JSON.stringify(name.slice(0, 40))} into ${JSON.stringify(expected.slice(0, 40))}`, () => {
      const sanitized = sanitizeFileName(name);
      assert.strictEqual(sanitized, expected);
      assert.isAtMost(byteLength(sanitized), 255);
    });
  }
});

suite('stateFileName', () => {
  // Months count from 0 in the Date constructor; the name shows them from 1.
  const date = new Date(2026, 10, 24, 9, 5, 7);
  const cases: [name: string, expected: string][] = [
    ['counter', 'counter-20261124-090507.pystate.json'],
    ['my cell', 'my cell-20261124-090507.pystate.json'],
    ['../x', 'x-20261124-090507.pystate.json'],
    ['a:b', 'a_b-20261124-090507.pystate.json'],
    ['', 'file-20261124-090507.pystate.json'],
  ];
  for (const [name, expected] of cases) {
    test(`names the state of ${JSON.stringify(name)} ${expected}`, () => {
      assert.strictEqual(stateFileName(name, date), expected);
    });
  }

  test('uses local time, two digits a field', () => {
    assert.strictEqual(
      stateFileName('n', new Date(2027, 0, 2, 3, 4, 5)),
      'n-20270102-030405.pystate.json',
    );
  });

  test('keeps the whole name within 255 bytes', () => {
    const name = stateFileName('é'.repeat(300), date);
    assert.isAtMost(byteLength(name), 255);
    assert.match(name, /^é+-20261124-090507\.pystate\.json$/);
  });
});
