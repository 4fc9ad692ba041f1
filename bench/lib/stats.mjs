// Small summaries for benchmark samples.

/**
 * The median, minimum and maximum of some samples; all null when there are none.
 * @param {number[]} samples
 */
export function summarize(samples) {
  if (samples.length === 0) return { median: null, min: null, max: null, count: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted.at(-1), count: sorted.length };
}

/** "2634 ms (2410–2901)", or "—" when there are no samples. */
export function formatSummary({ median, min, max }) {
  if (median === null) return '—';
  return `${Math.round(median)} ms (${Math.round(min)}–${Math.round(max)})`;
}

/** Bytes as KiB or MiB with one decimal. */
export function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}
