import { assert } from 'chai';
import {
  DEFAULT_MAX_TOTAL_BYTES,
  type DecodeStateFileOptions,
  decodeStateFile,
  encodeStateFile,
  STATE_FORMAT,
  STATE_VERSION,
  type StateDocument,
  StateFileError,
  type StateFileErrorReason,
} from '../../src/state/state-file.js';

const encoder = new TextEncoder();
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

async function fixture(name: string): Promise<Blob> {
  const response = await fetch(new URL(`../fixtures/${name}`, import.meta.url));
  assert.isTrue(response.ok, `fixture ${name} is served`);
  return response.blob();
}

async function refusal(input: Promise<unknown>): Promise<StateFileError> {
  try {
    await input;
  } catch (error) {
    assert.instanceOf(error, StateFileError);
    return error as StateFileError;
  }
  return assert.fail('expected a StateFileError');
}

/** Index of the first byte that differs, or -1; chai's deep equality is too slow for megabytes. */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const length = Math.max(a.length, b.length);
  for (let index = 0; index < length; index++) {
    if (a[index] !== b[index]) {
      return index;
    }
  }
  return -1;
}

/** Deterministic bytes that do not compress into a pattern base64 could hide. */
function noise(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let seed = 0x2545f491;
  for (let index = 0; index < length; index++) {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    bytes[index] = seed;
  }
  return bytes;
}

function makeDocument(files: StateDocument['files']): StateDocument {
  return {
    name: 'round-trip',
    env: 'shared-env',
    savedAt: '2026-11-24T10:00:00.000Z',
    code: 'import sqlite3\nprint("héllo")\n',
    files,
  };
}

async function assertRoundTrip(doc: StateDocument): Promise<void> {
  const decoded = await decodeStateFile(await encodeStateFile(doc));
  assert.deepEqual({ ...decoded, files: [] }, { ...doc, files: [] });
  assert.deepEqual(
    decoded.files.map((file) => file.path),
    doc.files.map((file) => file.path),
  );
  for (const [index, file] of doc.files.entries()) {
    const back = decoded.files[index]!.data;
    assert.strictEqual(
      firstDifference(back, file.data),
      -1,
      `${file.path} comes back byte for byte`,
    );
  }
}

/** Runs `body` as in an engine without Uint8Array.fromBase64 / toBase64 (Node 20, Firefox < 133). */
async function withoutNativeBase64(body: () => Promise<void>): Promise<void> {
  const targets: [object, string][] = [
    [Uint8Array, 'fromBase64'],
    [Uint8Array.prototype, 'toBase64'],
  ];
  const saved = targets.map(([target, key]) => Object.getOwnPropertyDescriptor(target, key));
  for (const [target, key] of targets) {
    delete (target as Record<string, unknown>)[key];
  }
  try {
    await body();
  } finally {
    targets.forEach(([target, key], index) => {
      const descriptor = saved[index];
      if (descriptor !== undefined) {
        Object.defineProperty(target, key, descriptor);
      }
    });
  }
}

function stateJson(files: unknown[], overrides: Record<string, unknown> = {}): string {
  const base = { format: STATE_FORMAT, version: 1, name: 'n', env: 'n', savedAt: 'now', code: '' };
  return JSON.stringify({ ...base, files, ...overrides });
}

suite('decodeStateFile: fixtures', () => {
  const cases: {
    fixture: string;
    reason: StateFileErrorReason;
    message: RegExp;
    path?: string;
    options?: DecodeStateFileOptions;
  }[] = [
    { fixture: 'not-json', reason: 'not-json', message: /not a state file: it is not valid JSON/ },
    {
      fixture: 'wrong-format',
      reason: 'format',
      message: /not a py-state-runner state file: its format is "some-other-app"/,
    },
    { fixture: 'unknown-version', reason: 'version', message: /has version "1" \(a string\)/ },
    {
      fixture: 'newer-version',
      reason: 'newer-version',
      message: /version 2, made by a newer version of py-state-runner/,
    },
    { fixture: 'missing-field', reason: 'field', message: /the field "code" is missing/ },
    {
      fixture: 'bad-base64',
      reason: 'base64',
      message: /^notes\.txt: its data is not valid base64$/,
      path: 'notes.txt',
    },
    {
      fixture: 'size-mismatch',
      reason: 'size',
      message: /^notes\.txt: its size says 26 bytes, but its data holds 25 bytes$/,
      path: 'notes.txt',
    },
    {
      fixture: 'sha256-mismatch',
      reason: 'checksum',
      message: /^notes\.txt: sha256 does not match its data$/,
      path: 'notes.txt',
    },
    {
      fixture: 'dotdot-path',
      reason: 'path',
      message: /"\.\.\/evil\.txt".*"\.\." segment/,
      path: '../evil.txt',
    },
    {
      fixture: 'absolute-path',
      reason: 'path',
      message: /"\/etc\/passwd".*starts with \//,
      path: '/etc/passwd',
    },
    { fixture: 'nul-path', reason: 'path', message: /"a\\u0000b".*NUL/, path: 'a\u0000b' },
    {
      fixture: 'duplicate-path',
      reason: 'duplicate-path',
      message: /^notes\.txt: this path appears more than once$/,
      path: 'notes.txt',
    },
    {
      // The fixture is valid; a tiny limit stands in for the 200 MB default.
      fixture: 'over-limit',
      reason: 'too-large',
      message:
        /add up to 0\.00195 MB \(2048 bytes\), more than the limit of 0\.000977 MB \(1024 bytes\)/,
      options: { maxTotalBytes: 1024 },
    },
  ];
  for (const { fixture: name, reason, message, path, options } of cases) {
    test(`refuses ${name}.pystate.json with reason ${reason} and a clear message`, async () => {
      const error = await refusal(decodeStateFile(await fixture(`${name}.pystate.json`), options));
      assert.strictEqual(error.reason, reason);
      assert.strictEqual(error.name, 'StateFileError');
      assert.match(error.message, message);
      assert.strictEqual(error.path, path);
    });
  }

  test('decodes valid.pystate.json into its code and two files', async () => {
    const doc = await decodeStateFile(await fixture('valid.pystate.json'));
    assert.deepEqual(
      { name: doc.name, env: doc.env, savedAt: doc.savedAt, code: doc.code },
      {
        name: 'fixture',
        env: 'fixture',
        savedAt: '2026-01-01T00:00:00.000Z',
        code: "print(open('notes.txt').read())\n",
      },
    );
    const files = doc.files.map((file) => [file.path, new TextDecoder().decode(file.data)]);
    assert.deepEqual(files, [
      ['notes.txt', 'Hello from a state file.\n'],
      ['data/numbers.json', '[1, 2, 3]\n'],
    ]);
  });

  test('decodes over-limit.pystate.json under the default limit', async () => {
    const doc = await decodeStateFile(await fixture('over-limit.pystate.json'));
    assert.strictEqual(doc.files[0]!.data.length, 2048);
  });

  test('writes valid.pystate.json byte for byte from its decoded document', async () => {
    const blob = await fixture('valid.pystate.json');
    const encoded = await encodeStateFile(await decodeStateFile(blob));
    assert.strictEqual(await encoded.text(), await blob.text());
  });
});

suite('decodeStateFile: refusals', () => {
  const file = { path: 'a', size: 0, sha256: EMPTY_SHA256, data: '' };
  const cases: [title: string, input: string, reason: StateFileErrorReason, message: RegExp][] = [
    ['a JSON array', '[]', 'format', /it holds an array, not an object/],
    ['a JSON number', '42', 'format', /it holds 42, not an object/],
    ['no format', '{}', 'format', /it has no "format" field/],
    ['version 0', stateJson([], { version: 0 }), 'version', /has version 0; .* reads version 1/],
    ['no version', stateJson([], { version: undefined }), 'version', /no "version" field/],
    ['version 3', stateJson([], { version: 3 }), 'newer-version', /made by a newer version/],
    [
      'name not a string',
      stateJson([], { name: 7 }),
      'field',
      /"name" must be a string, but it is 7/,
    ],
    ['files not an array', stateJson([], { files: {} }), 'field', /"files" must be an array/],
    ['a file that is null', stateJson([file, null]), 'field', /"files\[1\]" must be an object/],
    [
      'a bad sha256',
      stateJson([file, { ...file, path: 'b', sha256: 'abc' }]),
      'field',
      /"files\[1\]\.sha256" must be a 64-character hex string, but it is "abc" \(file b\)/,
    ],
    [
      'a negative size',
      stateJson([{ ...file, size: -1 }]),
      'field',
      /"files\[0\]\.size" must be a non-negative integer, but it is -1/,
    ],
    ['a fractional size', stateJson([{ ...file, size: 1.5 }]), 'field', /non-negative integer/],
    [
      'no data',
      stateJson([{ ...file, data: undefined }]),
      'field',
      /"files\[0\]\.data" is missing/,
    ],
    ['a trailing slash', stateJson([{ ...file, path: 'a/' }]), 'path', /empty segment/],
    [
      'a lone surrogate in a path',
      stateJson([{ ...file, path: 'a\uD800.txt' }]),
      'path',
      /"a\\ud800\.txt": the path is not valid Unicode \(it has a lone surrogate\)/,
    ],
    [
      'a file and a folder of one name',
      stateJson([file, { ...file, path: 'a/b' }]),
      'path',
      /"a\/b": it needs "a" to be a folder/,
    ],
    ['base64 without padding', stateJson([{ ...file, size: 1, data: 'QQ' }]), 'base64', /^a: /],
    ['base64 with a space', stateJson([{ ...file, size: 3, data: 'QUJ D' }]), 'base64', /^a: /],
    [
      'base64 with leftover bits',
      stateJson([{ ...file, size: 1, data: 'QR==' }]),
      'base64',
      /^a: /,
    ],
    ['base64url', stateJson([{ ...file, size: 3, data: '-_-_' }]), 'base64', /^a: /],
    ['a wrong size', stateJson([{ ...file, size: 2, data: 'QQ==' }]), 'size', /holds 1 byte$/],
  ];
  for (const [title, input, reason, message] of cases) {
    test(`refuses ${title} (${reason})`, async () => {
      const error = await refusal(decodeStateFile(input));
      assert.strictEqual(error.reason, reason);
      assert.match(error.message, message);
    });
  }

  test('refuses a Blob far over the limit before parsing it', async () => {
    // Zero bytes are not JSON: a parse would say not-json, so too-large proves nothing was parsed.
    const blob = new Blob([new Uint8Array(17 * 1024 * 1024)]);
    const error = await refusal(decodeStateFile(blob, { maxTotalBytes: 1024 }));
    assert.strictEqual(error.reason, 'too-large');
    assert.match(error.message, /is 17 MB, too large for the limit of 0\.000977 MB/);
  });

  test('accepts an uppercase sha256 and a string input', async () => {
    const doc = await decodeStateFile(stateJson([{ ...file, sha256: EMPTY_SHA256.toUpperCase() }]));
    assert.strictEqual(doc.files[0]!.data.length, 0);
  });

  test('has a 200 MB default limit', () => {
    assert.strictEqual(DEFAULT_MAX_TOTAL_BYTES, 200 * 1024 * 1024);
  });
});

suite('encodeStateFile', () => {
  const allBytes = Uint8Array.from({ length: 256 }, (_, index) => index);
  const files = [
    { path: 'notes.txt', data: encoder.encode('hello\n') },
    { path: 'données/é.txt', data: encoder.encode('ça va\n') },
    { path: 'bin/all-bytes.bin', data: allBytes },
    { path: 'empty.txt', data: new Uint8Array(0) },
  ];

  test('round-trips text, binary, empty and unicode-named files byte for byte', async () => {
    await assertRoundTrip(makeDocument(files));
  });

  test('round-trips names a POSIX folder can hold: backslashes, __proto__, constructor', async () => {
    await assertRoundTrip(
      makeDocument([
        { path: 'C:\\Users\\me\\out.csv', data: encoder.encode('a,b\n') },
        { path: '__proto__', data: encoder.encode('proto') },
        { path: 'constructor/__proto__/toString', data: encoder.encode('deep') },
      ]),
    );
  });

  test('refuses to write more than Load would accept, saying so (too-large)', async () => {
    const doc = makeDocument([{ path: 'big.bin', data: noise(2000) }]);
    const error = await refusal(encodeStateFile(doc, { maxTotalBytes: 1000 }));
    assert.strictEqual(error.reason, 'too-large');
    assert.match(error.message, /add up to .* more than the limit .*Load would refuse/);
    assert.match(error.message, /Delete files/);
    const fits = await encodeStateFile(doc, { maxTotalBytes: 2000 });
    assert.strictEqual((await decodeStateFile(fits)).files[0]!.data.length, 2000);
  });

  test('a state too big for one Blob is a clear too-large, never "Failed to construct Blob"', async () => {
    const OriginalBlob = globalThis.Blob;
    // Chromium refuses Blobs near 2 GB; allocating that here would take the
    // page down, so the refusal is stood in for.
    globalThis.Blob = class extends OriginalBlob {
      constructor(parts?: BlobPart[], options?: BlobPropertyBag) {
        if (options?.type === 'application/json') {
          throw new DOMException("Failed to construct 'Blob': size exceeds", 'RangeError');
        }
        super(parts, options);
      }
    };
    try {
      const error = await refusal(encodeStateFile(makeDocument(files)));
      assert.strictEqual(error.reason, 'too-large');
      assert.notMatch(error.message, /Failed to construct/);
      assert.match(error.message, /more than this browser can hold/);
    } finally {
      globalThis.Blob = OriginalBlob;
    }
  });

  test('round-trips a cell with no files', async () => {
    await assertRoundTrip(makeDocument([]));
  });

  test('round-trips a view into a larger buffer as just its own bytes', async () => {
    const view = noise(100).subarray(10, 20);
    await assertRoundTrip(makeDocument([{ path: 'view.bin', data: view }]));
  });

  test('writes JSON a person can read: one key and one file entry per line', async () => {
    const blob = await encodeStateFile(
      makeDocument([files[0]!, { path: 'abc', data: encoder.encode('abc') }]),
    );
    assert.strictEqual(blob.type, 'application/json');
    const lines = (await blob.text()).split('\n');
    assert.deepEqual(lines.slice(0, 8), [
      '{',
      `  "format": "${STATE_FORMAT}",`,
      `  "version": ${STATE_VERSION},`,
      '  "name": "round-trip",',
      '  "env": "shared-env",',
      '  "savedAt": "2026-11-24T10:00:00.000Z",',
      '  "code": "import sqlite3\\nprint(\\"héllo\\")\\n",',
      '  "files": [',
    ]);
    assert.strictEqual(
      lines[9],
      '    { "path": "abc", "size": 3, "sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "data": "YWJj" }',
    );
    assert.deepEqual(lines.slice(10), ['  ]', '}', '']);
  });

  const badPaths: [path: string, reason: StateFileErrorReason][] = [
    ['../evil.txt', 'path'],
    ['/etc/passwd', 'path'],
    ['a\u0000b', 'path'],
    ['notes.txt', 'duplicate-path'],
  ];
  for (const [path, reason] of badPaths) {
    test(`refuses to write ${JSON.stringify(path)} next to notes.txt (${reason})`, async () => {
      const doc = makeDocument([files[0]!, { path, data: allBytes }]);
      const error = await refusal(encodeStateFile(doc));
      assert.strictEqual(error.reason, reason);
      assert.strictEqual(error.path, path);
    });
  }

  test('round-trips 10 MB', async () => {
    await assertRoundTrip(makeDocument([{ path: 'big.bin', data: noise(10 * 1024 * 1024) }]));
  });

  test('writes and reads the same without the native base64 methods', async () => {
    // Over one 768 KiB chunk, and not a multiple of 3, so chunk joins and padding are both covered.
    const doc = makeDocument([...files, { path: 'chunks.bin', data: noise(2 * 1024 * 1024 + 1) }]);
    const nativeText = await (await encodeStateFile(doc)).text();
    await withoutNativeBase64(async () => {
      assert.strictEqual(await (await encodeStateFile(doc)).text(), nativeText);
      await assertRoundTrip(doc);
      const error = await refusal(
        decodeStateFile(stateJson([{ path: 'a', size: 1, sha256: EMPTY_SHA256, data: 'Q!==' }])),
      );
      assert.strictEqual(error.reason, 'base64');
    });
  });
});
