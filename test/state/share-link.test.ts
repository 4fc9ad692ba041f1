import { assert } from 'chai';
import {
  decodeShareFragment,
  encodeShareFragment,
  isShareFragment,
  MAX_SHARE_CHARS,
} from '../../src/state/share-link.js';
import {
  encodeStateFile,
  type StateDocument,
  StateFileError,
  type StateFileErrorReason,
} from '../../src/state/state-file.js';

const encoder = new TextEncoder();

function makeDocument(name: string, files: StateDocument['files']): StateDocument {
  return { name, env: name, savedAt: '2026-11-24T10:00:00.000Z', code: 'print("hi")\n', files };
}

/** Deterministic bytes that do not compress. */
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

async function deflate(data: BlobPart): Promise<string> {
  const stream = new Blob([data]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
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

suite('share links', () => {
  test('round-trips a state file through a fragment, name and files intact', async () => {
    const name = 'notes.v2 #ünï/?%';
    const doc = makeDocument(name, [
      { path: 'app_state.db', data: noise(3000) },
      { path: 'data/notes.txt', data: encoder.encode('hello\n'.repeat(500)) },
    ]);
    const fragment = await encodeShareFragment(name, await encodeStateFile(doc));
    assert.match(fragment, /^psr1\.[^.]+\.[A-Za-z0-9_-]+$/);
    assert.isTrue(isShareFragment(`#${fragment}`));
    const shared = await decodeShareFragment(`#${fragment}`);
    assert.strictEqual(shared.name, name);
    assert.deepEqual({ ...shared.state, files: [] }, { ...doc, files: [] });
    assert.deepEqual(
      shared.state.files.map((file) => [file.path, Array.from(file.data)]),
      doc.files.map((file) => [file.path, Array.from(file.data)]),
    );
    assert.deepEqual(await shared.file.text(), await (await encodeStateFile(doc)).text());
  });

  test('compresses: 60 KB of repetitive text fits a link', async () => {
    const doc = makeDocument('big-text', [
      { path: 'log.txt', data: encoder.encode('a line of the log\n'.repeat(3500)) },
    ]);
    const fragment = await encodeShareFragment('big-text', await encodeStateFile(doc));
    assert.isBelow(fragment.length, 4000);
  });

  test('refuses a state over the limit with reason too-large and says to use Save', async () => {
    const doc = makeDocument('too-big', [{ path: 'noise.bin', data: noise(30 * 1024) }]);
    const error = await refusal(encodeShareFragment('too-big', await encodeStateFile(doc)));
    assert.strictEqual(error.reason, 'too-large');
    assert.match(error.message, new RegExp(`more than the limit of ${MAX_SHARE_CHARS}`));
    assert.match(error.message, /Use Save/);
  });

  test('isShareFragment tells share fragments from other hashes', () => {
    assert.isTrue(isShareFragment('#psr1.a.b'));
    assert.isTrue(isShareFragment('psr2.a.b'));
    assert.isFalse(isShareFragment('#section-2'));
    assert.isFalse(isShareFragment(''));
  });

  const damaged: {
    name: string;
    fragment: () => Promise<string>;
    reason: StateFileErrorReason;
    message: RegExp;
  }[] = [
    {
      name: 'another prefix',
      fragment: async () => 'xyz1.cell.AAAA',
      reason: 'format',
      message: /not a share link of py-state-runner/,
    },
    {
      name: 'a missing part',
      fragment: async () => 'psr1.AAAA',
      reason: 'format',
      message: /must read "psr1.<name>.<data>"/,
    },
    {
      name: 'a newer link format',
      fragment: async () => 'psr2.cell.AAAA',
      reason: 'newer-version',
      message: /format psr2, made by a newer version/,
    },
    {
      name: 'a broken percent-encoded name',
      fragment: async () => 'psr1.%E0%A4.AAAA',
      reason: 'format',
      message: /cell name is not valid percent-encoding/,
    },
    {
      name: 'characters outside base64url',
      fragment: async () => 'psr1.cell.AB+/',
      reason: 'base64',
      message: /not valid base64url/,
    },
    {
      name: 'data that is not deflate',
      fragment: async () =>
        `psr1.cell.${btoa('\xff\xfe\xfd\xfc not deflate at all').replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')}`,
      reason: 'compression',
      message: /does not decompress/,
    },
    {
      name: 'a cut-off link',
      fragment: async () => {
        const doc = makeDocument('cut', [{ path: 'a.bin', data: noise(2000) }]);
        const whole = await encodeShareFragment('cut', await encodeStateFile(doc));
        return whole.slice(0, whole.length - 400);
      },
      reason: 'compression',
      message: /does not decompress/,
    },
    {
      name: 'compressed text that is not JSON',
      fragment: async () => `psr1.cell.${await deflate('hello, not json')}`,
      reason: 'not-json',
      message: /not valid JSON/,
    },
    {
      name: 'a state file whose sha256 does not match',
      fragment: async () => {
        const text = await (
          await encodeStateFile(makeDocument('x', [{ path: 'a.txt', data: encoder.encode('abc') }]))
        ).text();
        return `psr1.x.${await deflate(text.replace('"YWJj"', '"YWJk"'))}`;
      },
      reason: 'checksum',
      message: /a\.txt: sha256 does not match/,
    },
    {
      name: 'a decompression bomb (17 MB of zeros)',
      fragment: async () => `psr1.bomb.${await deflate(new Uint8Array(17 * 1024 * 1024))}`,
      reason: 'too-large',
      message: /more than a link may carry/,
    },
  ];
  for (const { name, fragment, reason, message } of damaged) {
    test(`refuses a fragment with ${name}: reason ${reason}`, async () => {
      const error = await refusal(decodeShareFragment(await fragment()));
      assert.strictEqual(error.reason, reason);
      assert.match(error.message, message);
    });
  }
});
