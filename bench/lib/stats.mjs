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

/** A small seeded generator (mulberry32), so that a report of the same samples is the same. */
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The ratio of the medians of some runs' [numerator, denominator] pairs: the typical numerator
 * against the typical denominator, each taken on its own; null when there are no pairs.
 * @param {[number, number][]} pairs
 */
export function ratioOfMedians(pairs) {
  if (pairs.length === 0) return null;
  const numerators = pairs.map(([numerator]) => numerator);
  const denominators = pairs.map(([, denominator]) => denominator);
  return summarize(numerators).median / summarize(denominators).median;
}

/**
 * The median of each run's own ratio, numerator / denominator: what a typical run measured when
 * its two sides ran back to back under the same conditions; null when there are no pairs.
 * @param {[number, number][]} pairs
 */
export function medianOfRatios(pairs) {
  return summarize(pairs.map(([numerator, denominator]) => numerator / denominator)).median;
}

/**
 * How far `statistic` of some runs could move by chance: a percentile bootstrap that draws whole
 * runs (a run's two sides stay together) with replacement. `pairs` holds each run's
 * [numerator, denominator]; null with fewer than 3 runs. 90% interval by default.
 * @param {[number, number][]} pairs
 * @param {(pairs: [number, number][]) => number | null} statistic e.g. {@link medianOfRatios}
 */
export function bootstrapInterval(
  pairs,
  statistic,
  { level = 0.9, resamples = 4000, seed = 1 } = {},
) {
  if (pairs.length < 3) return null;
  const random = seededRandom(seed);
  const values = [];
  for (let draw = 0; draw < resamples; draw++) {
    const drawn = pairs.map(() => pairs[Math.floor(random() * pairs.length)]);
    values.push(statistic(drawn));
  }
  values.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return {
    low: values[Math.floor(tail * (resamples - 1))],
    high: values[Math.ceil((1 - tail) * (resamples - 1))],
    level,
  };
}
