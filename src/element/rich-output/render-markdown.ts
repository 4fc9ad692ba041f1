import type { Marked } from 'marked';
import { sanitizeHtml } from './sanitize-markup.js';

let markdown: Promise<Marked> | undefined;

/** marked, imported on the first markdown item only; its own instance, GitHub-flavoured. */
function loadMarked(): Promise<Marked> {
  markdown ??= import('marked').then(({ Marked }) => new Marked({ gfm: true, async: false }));
  return markdown;
}

/** Markdown rendered by marked, then sanitised like any HTML (marked passes raw HTML through). */
export async function renderMarkdown(text: string): Promise<DocumentFragment> {
  const parser = await loadMarked();
  return sanitizeHtml(parser.parse(text, { async: false }));
}
