type Listener = (isNear: boolean) => void;

/**
 * How far outside the viewport a cell counts as near: one viewport height above and below, so
 * that an editor is usually there before the reader scrolls to it.
 */
const ROOT_MARGIN = '100% 0px';

const listeners = new WeakMap<Element, Listener>();
let observer: IntersectionObserver | undefined;

/**
 * Calls `listener` with whether `element` is near the viewport: once soon after this call, then
 * on every change, until the returned function stops it. One observer serves every cell.
 */
export function whenNearViewport(element: Element, listener: Listener): () => void {
  if (typeof IntersectionObserver === 'undefined') {
    // Without the observer, every cell is near: it gets its editor at once, as before.
    queueMicrotask(() => listener(true));
    return () => {};
  }
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) listeners.get(entry.target)?.(entry.isIntersecting);
    },
    { rootMargin: ROOT_MARGIN },
  );
  listeners.set(element, listener);
  observer.observe(element);
  return () => {
    listeners.delete(element);
    observer?.unobserve(element);
  };
}
