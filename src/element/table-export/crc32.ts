/** CRC-32 (IEEE 802.3) as zip wants it: https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT */

let table: Uint32Array | undefined;

/** Built on the first export, not as the bundle loads: most pages never make a zip. */
function crcTable(): Uint32Array {
  if (table) return table;
  table = new Uint32Array(256);
  for (let index = 0; index < 256; index += 1) {
    let value = index;
    for (let bit = 0; bit < 8; bit += 1) {
      value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
    }
    table[index] = value >>> 0;
  }
  return table;
}

/** The CRC-32 of `bytes`, continuing from `previous` (the CRC of what came before, 0 at the start). */
export function crc32(bytes: Uint8Array, previous = 0): number {
  const lookup = crcTable();
  let crc = ~previous >>> 0;
  for (let index = 0; index < bytes.length; index += 1) {
    crc = lookup[(crc ^ bytes[index]!) & 0xff]! ^ (crc >>> 8);
  }
  return ~crc >>> 0;
}
