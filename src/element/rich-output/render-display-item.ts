import {
  assertDisplayItem,
  type DisplayItem,
  isSupportedMime,
  type MimeBundle,
  pickDisplayItem,
} from './display-item.js';
import { renderImage } from './render-image.js';
import { renderJson } from './render-json.js';
import { renderMarkdown } from './render-markdown.js';
import { displayItemStyles } from './rich-output.styles.js';
import { sanitizeHtml, sanitizeSvg } from './sanitize-markup.js';

function textBlock(text: string, className = 'text'): HTMLPreElement {
  const pre = document.createElement('pre');
  pre.className = className;
  pre.textContent = text;
  return pre;
}

function markupBlock(fragment: DocumentFragment, className: string): HTMLDivElement {
  const block = document.createElement('div');
  block.className = className;
  block.append(fragment);
  return block;
}

async function renderContent(item: DisplayItem): Promise<Node> {
  const { mime, data } = item;
  if (!isSupportedMime(mime)) {
    return textBlock(`[${mime} output, ${data.length} characters: not shown]`, 'unsupported');
  }
  switch (mime) {
    case 'text/html':
      return markupBlock(await sanitizeHtml(data), 'html');
    case 'text/markdown':
      return markupBlock(await renderMarkdown(data), 'markdown');
    case 'image/svg+xml':
      return markupBlock(await sanitizeSvg(data), 'svg');
    case 'image/png':
    case 'image/jpeg':
      return renderImage(mime, data);
    case 'application/json':
      return renderJson(data);
    case 'text/plain':
      return textBlock(data);
  }
}

/**
 * One display item as a block for the output pane. The content sits in a
 * shadow root of its own, so that a repr's `<style>` (a DataFrame brings
 * one) styles only that item, never the cell or the page. Rejects with a
 * `DisplayItemError` (and builds nothing) when the data does not match its
 * mime type.
 */
export async function renderDisplayItem(item: DisplayItem): Promise<HTMLElement> {
  assertDisplayItem(item);
  const content = await renderContent(item);
  const host = document.createElement('div');
  host.className = 'display-item';
  host.setAttribute('part', 'display-item');
  host.dataset.mime = item.mime;
  const root = host.attachShadow({ mode: 'open' });
  root.adoptedStyleSheets = [displayItemStyles.styleSheet!];
  root.append(content);
  return host;
}

/** The richest supported item of a bundle, rendered; undefined when the bundle has none. */
export async function renderMimeBundle(bundle: MimeBundle): Promise<HTMLElement | undefined> {
  const item = pickDisplayItem(bundle);
  return item ? renderDisplayItem(item) : undefined;
}
