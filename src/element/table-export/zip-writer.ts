import { crc32 } from './crc32.js';

/**
 * A zip archive written entry by entry, as a Blob: small entries stored,
 * one large entry deflated by the browser's own CompressionStream as its
 * chunks arrive, so an .xlsx of a million rows never sits in one string.
 * Format: https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT
 * (no Zip64: an entry over 4 GiB is refused).
 */

/** Bit 3: sizes and CRC follow the data; bit 11: names are UTF-8. */
const FLAG_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;
const MAX_SIZE = 0xffffffff;

interface CentralEntry {
  name: Uint8Array;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
}

/** An entry being written: chunks in, then close. */
export interface ZipEntryWriter {
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** An archive too large for a zip without Zip64. */
export class ZipSizeError extends Error {
  override readonly name = 'ZipSizeError';
}

const encoder = new TextEncoder();

export class ZipWriter {
  #parts: BlobPart[] = [];
  #offset = 0;
  #entries: CentralEntry[] = [];

  /** Adds a small entry whole, uncompressed. */
  addStored(name: string, text: string): void {
    const data = encoder.encode(text);
    const entry = this.#begin(name, FLAG_UTF8, 0);
    entry.crc = crc32(data);
    entry.size = data.length;
    entry.compressedSize = data.length;
    this.#push(localHeader(entry), data);
  }

  /** Starts a deflated entry whose size is not known in advance. */
  startDeflated(name: string): ZipEntryWriter {
    const entry = this.#begin(name, FLAG_UTF8 | FLAG_DESCRIPTOR, 8);
    this.#push(localHeader(entry));
    const stream = new CompressionStream('deflate-raw');
    const writer = stream.writable.getWriter();
    // Read while writing, or the stream's backpressure would stall the writes.
    const compressed = new Response(stream.readable).blob();
    return {
      write: async (chunk) => {
        entry.crc = crc32(chunk, entry.crc);
        entry.size += chunk.length;
        if (entry.size > MAX_SIZE) throw new ZipSizeError(`${name} is over 4 GiB.`);
        await writer.write(chunk as Uint8Array<ArrayBuffer>);
      },
      close: async () => {
        await writer.close();
        const data = await compressed;
        entry.compressedSize = data.size;
        const descriptor = new DataView(new ArrayBuffer(16));
        descriptor.setUint32(0, 0x08074b50, true);
        descriptor.setUint32(4, entry.crc, true);
        descriptor.setUint32(8, entry.compressedSize, true);
        descriptor.setUint32(12, entry.size, true);
        this.#push(data, descriptor.buffer);
      },
    };
  }

  /** The archive: the entries, then the central directory. */
  finish(type: string): Blob {
    const start = this.#offset;
    for (const entry of this.#entries) this.#push(centralHeader(entry));
    const end = new DataView(new ArrayBuffer(22));
    end.setUint32(0, 0x06054b50, true);
    end.setUint16(8, this.#entries.length, true);
    end.setUint16(10, this.#entries.length, true);
    end.setUint32(12, this.#offset - start, true);
    end.setUint32(16, start, true);
    this.#push(end.buffer);
    if (this.#offset > MAX_SIZE) throw new ZipSizeError('The archive is over 4 GiB.');
    return new Blob(this.#parts, { type });
  }

  #begin(name: string, flags: number, method: number): CentralEntry {
    const entry = {
      name: encoder.encode(name),
      flags,
      method,
      crc: 0,
      compressedSize: 0,
      size: 0,
      offset: this.#offset,
    };
    this.#entries.push(entry);
    return entry;
  }

  #push(...parts: (Uint8Array | ArrayBuffer | Blob)[]): void {
    for (const part of parts) {
      this.#parts.push(part as BlobPart);
      this.#offset += part instanceof Blob ? part.size : part.byteLength;
    }
  }
}

/** 1980-01-01 00:00, the earliest DOS date: a fixed time keeps exports reproducible. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

function localHeader(entry: CentralEntry): Uint8Array {
  const view = new DataView(new ArrayBuffer(30 + entry.name.length));
  view.setUint32(0, 0x04034b50, true);
  view.setUint16(4, 20, true);
  view.setUint16(6, entry.flags, true);
  view.setUint16(8, entry.method, true);
  view.setUint16(12, DOS_DATE, true);
  // With the descriptor flag, CRC and sizes are 0 here and follow the data.
  view.setUint32(14, entry.crc, true);
  view.setUint32(18, entry.compressedSize, true);
  view.setUint32(22, entry.size, true);
  view.setUint16(26, entry.name.length, true);
  const bytes = new Uint8Array(view.buffer);
  bytes.set(entry.name, 30);
  return bytes;
}

function centralHeader(entry: CentralEntry): Uint8Array {
  const view = new DataView(new ArrayBuffer(46 + entry.name.length));
  view.setUint32(0, 0x02014b50, true);
  view.setUint16(4, 20, true);
  view.setUint16(6, 20, true);
  view.setUint16(8, entry.flags, true);
  view.setUint16(10, entry.method, true);
  view.setUint16(14, DOS_DATE, true);
  view.setUint32(16, entry.crc, true);
  view.setUint32(20, entry.compressedSize, true);
  view.setUint32(24, entry.size, true);
  view.setUint16(28, entry.name.length, true);
  view.setUint32(42, entry.offset, true);
  const bytes = new Uint8Array(view.buffer);
  bytes.set(entry.name, 46);
  return bytes;
}
