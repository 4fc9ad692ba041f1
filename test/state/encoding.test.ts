import { assert } from 'chai';
import { base64Bytes, decodeBase64 } from '../../src/state/encoding.js';

function reference(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

suite('base64 of state files', () => {
  test('base64Bytes matches the reference encoding for every length remainder', () => {
    for (const length of [0, 1, 2, 3, 4, 5, 6, 7, 255, 256, 257, 3000, 65537]) {
      const bytes = new Uint8Array(length);
      for (let index = 0; index < length; index++) bytes[index] = (index * 131 + length) & 0xff;
      const encoded = new TextDecoder().decode(base64Bytes(bytes));
      assert.equal(encoded, reference(bytes), `length ${length}`);
    }
  });

  test('decodeBase64 round-trips and refuses what is not canonical padded base64', () => {
    assert.deepEqual([...decodeBase64('AAEC/w==')!], [0, 1, 2, 255]);
    assert.deepEqual([...decodeBase64('')!], []);
    for (const bad of ['AAE', 'AA E', 'AAE=\n', 'AA==AA==', 'AB==', 'A===', '****', 'AAE-']) {
      assert.isUndefined(decodeBase64(bad), JSON.stringify(bad));
    }
  });
});
