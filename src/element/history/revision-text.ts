import type { RevisionChanges } from '../../persist/store-types.js';

/** "revision 3 (saved 10:02:11)", with the date when it is not today. */
export function revisionLabel(revision: number, savedAt: string): string {
  return `revision ${revision} (saved ${formatSavedAt(savedAt)})`;
}

/** Today's saves by time, older ones by date and time. */
export function formatSavedAt(savedAt: string): string {
  const date = new Date(savedAt);
  if (Number.isNaN(date.getTime())) return 'at an unknown time';
  const isToday = date.toDateString() === new Date().toDateString();
  return isToday
    ? date.toLocaleTimeString()
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** What a revision changed, in words: "added a.db; changed b.json; removed c.txt; code changed". */
export function describeChanges(changes: RevisionChanges): string {
  const parts = [
    changes.added.length > 0 ? `added ${changes.added.join(', ')}` : '',
    changes.changed.length > 0 ? `changed ${changes.changed.join(', ')}` : '',
    changes.removed.length > 0 ? `removed ${changes.removed.join(', ')}` : '',
    changes.code ? 'code changed' : '',
  ].filter((part) => part !== '');
  return parts.length > 0 ? parts.join('; ') : 'no change';
}
