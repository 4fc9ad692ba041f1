// Python that writes big.db, a SQLite database of at least `targetBytes` of random blobs, into
// the cell's folder and prints its size: the large state that state.html and
// responsiveness.html save and load.

/** @param {number} targetBytes */
export function bigDatabaseCode(targetBytes) {
  return [
    'import os, sqlite3',
    `target = ${targetBytes}`,
    "if os.path.exists('big.db'):",
    "    os.remove('big.db')",
    "con = sqlite3.connect('big.db')",
    "con.execute('CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)')",
    "while os.path.getsize('big.db') < target:",
    // About 1.37 KB of file per 1000-byte row; the loop tops up what one pass left.
    "    rows = max(1, (target - os.path.getsize('big.db')) // 1400)",
    '    con.execute(',
    "        'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) '",
    "        'INSERT INTO blobs (data) SELECT randomblob(1000) FROM n', (rows,))",
    '    con.commit()',
    'con.close()',
    "print(os.path.getsize('big.db'))",
  ].join('\n');
}

/**
 * Runs {@link bigDatabaseCode} in `cell`; resolves with the database's size in bytes.
 * @param {HTMLElement & { code: string, run: () => Promise<any> }} cell
 * @param {number} targetBytes
 */
export async function createBigDatabase(cell, targetBytes) {
  cell.code = bigDatabaseCode(targetBytes);
  const result = await cell.run();
  if (!result.ok) {
    throw new Error(`creating big.db failed: ${result.error?.traceback ?? result.stderr}`);
  }
  return Number(result.stdout.trim());
}
