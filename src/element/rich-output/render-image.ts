import { DisplayItemError } from './display-item.js';

/** The first bytes of each format, as base64, so a PNG claimed as JPEG is refused. */
const SIGNATURES: Record<string, { prefix: string; label: string }> = {
  'image/png': { prefix: 'iVBORw0KGgo', label: 'PNG' },
  'image/jpeg': { prefix: '/9j/', label: 'JPEG' },
};

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The base64 text with line breaks removed (Python's encoders may wrap lines). */
function compactBase64(mime: string, data: string): string {
  const compact = data.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || !BASE64.test(compact)) {
    throw new DisplayItemError('bad-base64', `${mime}: the data is not valid base64`);
  }
  return compact;
}

/**
 * An `<img>` from a `data:` URL: the image never touches the network, and
 * the browser decodes it outside the page's scripts.
 */
export function renderImage(mime: string, data: string): HTMLImageElement {
  const signature = SIGNATURES[mime];
  if (!signature) throw new DisplayItemError('not-an-image', `${mime} is not a raster image type`);
  const base64 = compactBase64(mime, data);
  if (!base64.startsWith(signature.prefix)) {
    throw new DisplayItemError(
      'not-an-image',
      `${mime}: the data is not a ${signature.label} image`,
    );
  }
  const image = document.createElement('img');
  image.alt = `Image output (${signature.label})`;
  image.src = `data:${mime};base64,${base64}`;
  return image;
}
