import { assert } from 'chai';
import { CLASSIC_DATABASE_PATH, CLASSIC_JSON_PATH } from '../../src/state/classic-demo.js';
import {
  type ClassicDemoState,
  decodeStateFile,
  StateFileError,
  type StateFileErrorReason,
} from '../../src/state/state-file.js';

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

async function decodeClassic(
  input: Blob | string,
  maxTotalBytes?: number,
): Promise<ClassicDemoState> {
  const decoded = await decodeStateFile(input, { acceptClassicDemo: true, maxTotalBytes });
  assert.isTrue('origin' in decoded, 'decoded as a classic demo file');
  return decoded as ClassicDemoState;
}

suite('decodeStateFile: the classic Pyodide demo download', () => {
  test('turns classic-demo.json into app_state.db and app_state.json, flagged, with no code', async () => {
    const blob = await fixture('classic-demo.json');
    const source = JSON.parse(await blob.text()) as { database: number[]; jsonState: object };
    const decoded = await decodeClassic(blob);
    assert.strictEqual(decoded.origin, 'classic-demo');
    assert.notProperty(decoded, 'code');
    assert.deepEqual(
      decoded.files.map((file) => file.path),
      [CLASSIC_DATABASE_PATH, CLASSIC_JSON_PATH],
    );
    const [database, json] = decoded.files;
    assert.deepEqual(Array.from(database!.data), source.database);
    assert.strictEqual(new TextDecoder().decode(database!.data.subarray(0, 15)), 'SQLite format 3');
    assert.deepEqual(JSON.parse(new TextDecoder().decode(json!.data)), source.jsonState);
  });

  test('refuses the classic format unless the caller opts in, naming what the file is', async () => {
    const error = await refusal(decodeStateFile(await fixture('classic-demo.json')));
    assert.strictEqual(error.reason, 'format');
    assert.match(error.message, /it has no "format" field/);
  });

  const cases: { fixture: string; reason: StateFileErrorReason; message: RegExp }[] = [
    {
      fixture: 'byte-out-of-range',
      reason: 'field',
      message: /"database\[1023\]" must be a byte, an integer from 0 to 255, but it is 256/,
    },
    {
      fixture: 'byte-not-integer',
      reason: 'field',
      message: /"database\[1023\]" must be a byte, an integer from 0 to 255, but it is 1\.5/,
    },
    {
      fixture: 'not-sqlite',
      reason: 'not-sqlite',
      message: /app_state\.db: .* is not a SQLite database/,
    },
    {
      fixture: 'truncated-database',
      reason: 'size',
      message: /holds 700 bytes, not a whole number of 512-byte pages/,
    },
    {
      fixture: 'json-state-array',
      reason: 'field',
      message: /the field "jsonState" must be an object, but it is an array/,
    },
    {
      fixture: 'missing-database',
      reason: 'field',
      message: /the field "database" is missing \(it must be an array of byte numbers\)/,
    },
    {
      fixture: 'missing-json-state',
      reason: 'field',
      message: /the field "jsonState" is missing \(it must be an object\)/,
    },
  ];
  for (const { fixture: name, reason, message } of cases) {
    test(`refuses classic-${name}.json with reason ${reason} and a clear message`, async () => {
      const error = await refusal(decodeClassic(await fixture(`classic-${name}.json`)));
      assert.strictEqual(error.reason, reason);
      assert.strictEqual(error.name, 'StateFileError');
      assert.match(error.message, message);
    });
  }

  test('refuses a classic file over the size limit before reading its bytes', async () => {
    const blob = await fixture('classic-demo.json');
    const error = await refusal(decodeClassic(blob, 1000));
    assert.strictEqual(error.reason, 'too-large');
    assert.match(error.message, /1024 bytes of files, more than the limit of 1000 bytes/);
  });

  test('counts app_state.json against the size limit too', async () => {
    const blob = await fixture('classic-demo.json');
    const error = await refusal(decodeClassic(blob, 1030));
    assert.strictEqual(error.reason, 'too-large');
  });

  const headers: { name: string; patch: (bytes: number[]) => number[]; reason: string }[] = [
    { name: 'an empty database', patch: () => [], reason: 'not-sqlite' },
    {
      name: 'a header cut before its page size',
      patch: (bytes) => bytes.slice(0, 40),
      reason: 'size',
    },
    {
      name: 'a page size SQLite never writes (1000)',
      patch: (bytes) => bytes.map((byte, index) => (index === 16 ? 3 : index === 17 ? 232 : byte)),
      reason: 'not-sqlite',
    },
  ];
  for (const { name, patch, reason } of headers) {
    test(`refuses ${name} with reason ${reason}`, async () => {
      const source = JSON.parse(await (await fixture('classic-demo.json')).text());
      const text = JSON.stringify({ ...source, database: patch(source.database) });
      const error = await refusal(decodeClassic(text));
      assert.strictEqual(error.reason, reason);
    });
  }
});
