/** Numbers as the cell shows them to a reader. */

/** Milliseconds under a second, seconds above. */
export function formatDuration(milliseconds: number): string {
  return milliseconds < 1000
    ? `${Math.round(milliseconds)} ms`
    : formatSeconds(milliseconds / 1000);
}

export function formatSeconds(seconds: number): string {
  return seconds < 10 ? `${seconds.toFixed(1)} s` : `${Math.round(seconds)} s`;
}

let countFormat: Intl.NumberFormat | undefined;

/**
 * A count with thousands separators: "12,345". The formatter is made on first use: a page's first
 * `Intl.NumberFormat` sets up ICU's number data, ~20 ms that no cell should pay as it loads.
 */
export function formatCount(count: number): string {
  countFormat ??= new Intl.NumberFormat('en');
  return countFormat.format(count);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** How long ago a time was, in the largest whole unit: "just now", "5 min ago", "2 h ago", "3 days ago". */
export function formatAgo(time: number, now = Date.now()): string {
  const seconds = Math.max(0, (now - time) / 1000);
  if (!Number.isFinite(seconds) || seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  const days = Math.floor(seconds / 86400);
  return days === 1 ? '1 day ago' : `${days} days ago`;
}
