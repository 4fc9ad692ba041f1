/** One piece of rich output, as the worker sends it: `data` is text, or base64 for images. */
export interface DisplayItem {
  mime: string;
  data: string;
}

/** What Python's `_repr_mimebundle_` and display.py give: mime type → data. */
export type MimeBundle = Readonly<Record<string, string>>;

/**
 * The mime types this renderer shows, richest first (the order Jupyter's
 * front ends use). display.py keeps the same order in `MIME_ORDER`; a test
 * checks that the two agree.
 */
export const MIME_ORDER = [
  'text/html',
  'text/markdown',
  'image/svg+xml',
  'image/png',
  'image/jpeg',
  'application/json',
  'text/plain',
] as const;

export type SupportedMime = (typeof MIME_ORDER)[number];

export type DisplayItemErrorReason = 'not-an-item' | 'bad-base64' | 'not-an-image' | 'bad-json';

/** A display item that cannot be shown; `reason` for programs, the message for people. */
export class DisplayItemError extends Error {
  override readonly name = 'DisplayItemError';
  readonly reason: DisplayItemErrorReason;

  constructor(reason: DisplayItemErrorReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

export function isSupportedMime(mime: string): mime is SupportedMime {
  return (MIME_ORDER as readonly string[]).includes(mime);
}

/**
 * The richest item of a bundle this renderer can show; undefined when the
 * bundle holds no supported mime type, not even `text/plain`.
 */
export function pickDisplayItem(bundle: MimeBundle): DisplayItem | undefined {
  for (const mime of MIME_ORDER) {
    const data = bundle[mime];
    if (typeof data === 'string') return { mime, data };
  }
  return undefined;
}

/** Refuses what is not a `{ mime: string, data: string }` before anything renders it. */
export function assertDisplayItem(item: unknown): asserts item is DisplayItem {
  const candidate = item as Partial<DisplayItem> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.mime !== 'string' ||
    typeof candidate.data !== 'string'
  ) {
    throw new DisplayItemError('not-an-item', 'A display item needs a string mime and string data');
  }
}
