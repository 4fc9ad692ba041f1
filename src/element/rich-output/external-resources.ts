/**
 * The "no external loads without the reader asking" rule, for markup that
 * DOMPurify already cleaned of scripts and handlers: a resource may come from
 * this page's origin or a `data:` URL; anything else is blocked before the
 * element reaches a document that would fetch it. Links stay, opening in a
 * new tab with no opener and no referrer.
 */

/** Attributes that make the browser fetch something as soon as the element renders. */
const RESOURCE_ATTRIBUTES = ['src', 'poster', 'background', 'data', 'action', 'formaction'];

/** Elements whose `href` is a link the reader follows, not a resource the page loads. */
const LINK_ELEMENTS = new Set(['a', 'area']);

/** `image-set()` takes bare strings as URLs, so its URLs cannot be checked one by one. */
const UNCHECKABLE_CSS = /(?:-webkit-)?image-set\(/i;

/** A serialised CSS `url("…")`: the CSSOM decodes escapes and always quotes. */
const CSS_URL = /url\(\s*"((?:[^"\\]|\\.)*)"\s*\)/gi;

export function isAllowedResource(url: string): boolean {
  const trimmed = url.trim();
  if (trimmed === '') return true;
  let resolved: URL;
  try {
    resolved = new URL(trimmed, document.baseURI);
  } catch {
    return false;
  }
  if (resolved.protocol === 'data:') return true;
  return resolved.origin === location.origin && resolved.origin !== 'null';
}

/** Whether every URL of a `srcset` is allowed (candidates are "url descriptor", comma separated). */
function isAllowedSrcset(srcset: string): boolean {
  return srcset
    .split(/,\s+/)
    .map((candidate) => candidate.trim().split(/\s+/)[0] ?? '')
    .every(isAllowedResource);
}

function isAllowedCssValue(value: string): boolean {
  if (UNCHECKABLE_CSS.test(value)) return false;
  for (const match of value.matchAll(CSS_URL)) {
    if (!isAllowedResource((match[1] ?? '').replace(/\\(.)/g, '$1'))) return false;
  }
  return true;
}

/** Drops each declaration whose value would load from elsewhere. */
function cleanDeclarations(style: CSSStyleDeclaration): void {
  for (const property of [...style]) {
    if (!isAllowedCssValue(style.getPropertyValue(property))) style.removeProperty(property);
  }
}

function cleanRules(rules: CSSRuleList): void {
  for (const rule of [...rules]) {
    if ('style' in rule && rule.style instanceof CSSStyleDeclaration) cleanDeclarations(rule.style);
    if ('cssRules' in rule && rule.cssRules instanceof CSSRuleList) cleanRules(rule.cssRules);
  }
}

/**
 * A `<style>` text rebuilt from the browser's own parse, so that CSS escapes
 * cannot hide a `url(`; `replaceSync` also drops every `@import`.
 */
export function cleanStyleSheetText(text: string): string {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(text);
  cleanRules(sheet.cssRules);
  return [...sheet.cssRules].map((rule) => rule.cssText).join('\n');
}

function cleanLink(element: Element, name: 'href' | 'xlink:href'): void {
  const href = element.getAttribute(name) ?? '';
  if (href.startsWith('#')) return;
  element.setAttribute('target', '_blank');
  element.setAttribute('rel', 'noopener noreferrer');
}

/** Applies the rule to one element that DOMPurify kept; call it for every element. */
export function blockExternalResources(element: Element): void {
  const tag = element.localName.toLowerCase();
  for (const name of RESOURCE_ATTRIBUTES) {
    const value = element.getAttribute(name);
    if (value !== null && !isAllowedResource(value)) {
      element.removeAttribute(name);
      element.setAttribute(`data-blocked-${name}`, value);
    }
  }
  const srcset = element.getAttribute('srcset');
  if (srcset !== null && !isAllowedSrcset(srcset)) {
    element.removeAttribute('srcset');
    element.setAttribute('data-blocked-srcset', srcset);
  }
  for (const name of ['href', 'xlink:href'] as const) {
    const value = element.getAttribute(name);
    if (value === null) continue;
    if (LINK_ELEMENTS.has(tag)) cleanLink(element, name);
    else if (!isAllowedResource(value)) {
      element.removeAttribute(name);
      element.setAttribute('data-blocked-href', value);
    }
  }
  const style = (element as HTMLElement | SVGElement).style as CSSStyleDeclaration | undefined;
  if (style && element.hasAttribute('style')) {
    cleanDeclarations(style);
    if (style.length === 0) element.removeAttribute('style');
  }
  if (tag === 'style') element.textContent = cleanStyleSheetText(element.textContent ?? '');
}
