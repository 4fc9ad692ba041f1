import type { DOMPurify } from 'dompurify';
import { blockExternalResources } from './external-resources.js';

let purifier: Promise<DOMPurify> | undefined;

/**
 * DOMPurify, imported on the first rich item only, so a page that never
 * shows one never downloads it. A private instance: its hook (the external
 * resource rule) must not change how anything else on the page sanitises.
 */
function loadPurifier(): Promise<DOMPurify> {
  purifier ??= import('dompurify').then(({ default: createDOMPurify }) => {
    const instance = createDOMPurify(window);
    instance.addHook('afterSanitizeAttributes', (node) => {
      if (node instanceof Element) blockExternalResources(node);
    });
    return instance;
  });
  return purifier;
}

/**
 * HTML with no scripts, no event handlers, no `javascript:` URLs and no
 * external loads. FORCE_BODY keeps a leading `<style>` (a DataFrame's repr
 * starts with one), which would otherwise be parsed into the discarded head.
 */
export async function sanitizeHtml(html: string): Promise<DocumentFragment> {
  const instance = await loadPurifier();
  return instance.sanitize(html, {
    RETURN_DOM_FRAGMENT: true,
    FORCE_BODY: true,
    USE_PROFILES: { html: true, svg: true, svgFilters: true, mathMl: true },
  });
}

/** An SVG document cleaned with DOMPurify's SVG profile and the same external rule. */
export async function sanitizeSvg(svg: string): Promise<DocumentFragment> {
  const instance = await loadPurifier();
  return instance.sanitize(svg, {
    RETURN_DOM_FRAGMENT: true,
    USE_PROFILES: { svg: true, svgFilters: true },
  });
}
