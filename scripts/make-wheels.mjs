/**
 * Builds the small pure-Python wheels that the package tests install from the
 * test server (the machine is offline, and Pyodide's npm package holds no
 * packages): test/fixtures/wheels/*.whl.
 *
 * Deterministic (fixed dates, sorted entries, stored without compression), so
 * running it again changes no byte:
 *
 *   node scripts/make-wheels.mjs
 *
 * It also writes test/fixtures/wheels/pyodide-lock.json: Pyodide's own `info`
 * with only the pure test wheels as packages, plus `psr_absent`, listed but
 * never built (a download that fails). Tests point `lockFileURL` and
 * `packageBaseURL` at it, so that a package name or an import loads a local
 * wheel the way `numpy` would load from the CDN.
 *
 * A wheel is a zip holding the package and `<name>-<version>.dist-info/` with
 * METADATA, WHEEL and RECORD (https://packaging.python.org/en/latest/specifications/binary-distribution-format/).
 */

import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';

const WHEELS = new URL('../test/fixtures/wheels/', import.meta.url);

/** What each wheel holds; `tag` is the wheel's compatibility tag. */
const wheels = [
  {
    name: 'psr_greet',
    version: '1.0.0',
    tag: 'py3-none-any',
    summary: 'Says hello; a test wheel of py-state-runner.',
    files: {
      'psr_greet/__init__.py': [
        '"""A test wheel of py-state-runner."""',
        '',
        '__version__ = "1.0.0"',
        '',
        '',
        'def hello(name):',
        '    return f"Hello, {name}!"',
        '',
      ].join('\n'),
    },
  },
  {
    name: 'psr_counter',
    version: '1.0.0',
    tag: 'py3-none-any',
    summary: 'Counts calls; a test wheel of py-state-runner with no dependencies.',
    files: {
      'psr_counter/__init__.py': [
        '"""A test wheel of py-state-runner: module state that lives as long as the runtime."""',
        '',
        '__version__ = "1.0.0"',
        '',
        '_count = 0',
        '',
        '',
        'def increment():',
        '    global _count',
        '    _count += 1',
        '    return _count',
        '',
      ].join('\n'),
    },
  },
  {
    // A wheel built for another platform: an installer for WebAssembly must refuse it.
    name: 'psr_native',
    version: '1.0.0',
    tag: 'cp314-cp314-win_amd64',
    summary: 'A test wheel of py-state-runner tagged for Windows, never installable in Pyodide.',
    isPure: false,
    files: {
      'psr_native/__init__.py': '"""Pretends to wrap a Windows extension."""\n',
    },
  },
];

function metadata(wheel) {
  return [
    'Metadata-Version: 2.1',
    `Name: ${wheel.name.replaceAll('_', '-')}`,
    `Version: ${wheel.version}`,
    `Summary: ${wheel.summary}`,
    'License: MIT',
    '',
  ].join('\n');
}

function wheelFile(wheel) {
  return [
    'Wheel-Version: 1.0',
    'Generator: py-state-runner scripts/make-wheels.mjs',
    `Root-Is-Purelib: ${wheel.isPure === false ? 'false' : 'true'}`,
    `Tag: ${wheel.tag}`,
    '',
  ].join('\n');
}

/** RECORD lists every other file with its sha256 (urlsafe base64, no padding) and size. */
function record(entries, recordPath) {
  const lines = entries.map(([path, data]) => {
    const digest = createHash('sha256').update(data).digest('base64url');
    return `${path},sha256=${digest},${data.length}`;
  });
  return `${[...lines, `${recordPath},,`].join('\n')}\n`;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, index) => {
  let value = index;
  for (let bit = 0; bit < 8; bit += 1) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
  return value >>> 0;
});

function crc32(data) {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** 1980-01-01 00:00, the zip format's epoch, so that the bytes never depend on the clock. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/** A zip with every entry stored (method 0): simple, and these files are tiny. */
function storedZip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [path, data] of entries) {
    const name = Buffer.from(path);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, spec 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // -rw-r--r--
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const centralSize = centrals.reduce((sum, part) => sum + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

function buildWheel(wheel) {
  const infoFolder = `${wheel.name}-${wheel.version}.dist-info`;
  const entries = [
    ...Object.entries(wheel.files),
    [`${infoFolder}/METADATA`, metadata(wheel)],
    [`${infoFolder}/WHEEL`, wheelFile(wheel)],
    [`${infoFolder}/top_level.txt`, `${wheel.name}\n`],
  ].map(([path, text]) => [path, Buffer.from(text)]);
  entries.sort(([a], [b]) => (a < b ? -1 : 1));
  const recordPath = `${infoFolder}/RECORD`;
  entries.push([recordPath, Buffer.from(record(entries, recordPath))]);
  return storedZip(entries);
}

/** Pyodide's lock file keys and names packages by their normalized name (PEP 503): `psr-greet`. */
function lockEntry(name, fileName, sha256) {
  return {
    depends: [],
    file_name: fileName,
    imports: [name],
    install_dir: 'site',
    name: name.replaceAll('_', '-'),
    package_type: 'package',
    sha256,
    tool: {},
    unvendored_tests: false,
    version: '1.0.0',
  };
}

await mkdir(WHEELS, { recursive: true });
const lockPackages = {};
for (const wheel of wheels) {
  const fileName = `${wheel.name}-${wheel.version}-${wheel.tag}.whl`;
  const bytes = buildWheel(wheel);
  await writeFile(new URL(fileName, WHEELS), bytes);
  console.log(`test/fixtures/wheels/${fileName}`);
  if (wheel.isPure !== false) {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    lockPackages[wheel.name.replaceAll('_', '-')] = lockEntry(wheel.name, fileName, sha256);
  }
}
lockPackages['psr-absent'] = lockEntry(
  'psr_absent',
  'psr_absent-1.0.0-py3-none-any.whl',
  '0'.repeat(64),
);
const pyodideLock = JSON.parse(
  await readFile(new URL('../node_modules/pyodide/pyodide-lock.json', import.meta.url), 'utf8'),
);
const lock = { info: pyodideLock.info, packages: lockPackages };
await writeFile(new URL('pyodide-lock.json', WHEELS), `${JSON.stringify(lock, null, 2)}\n`);
console.log('test/fixtures/wheels/pyodide-lock.json');
