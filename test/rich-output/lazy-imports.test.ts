import { assert } from 'chai';
import { renderDisplayItem } from '../../src/element/rich-output/render-display-item.js';

/**
 * Whether this page has fetched a module of that package. Resource Timing
 * lists cached fetches too, and only this page's, unlike the server's log.
 */
function hasLoaded(packageName: string): boolean {
  return performance
    .getEntriesByType('resource')
    .some((entry) => entry.name.includes(`/node_modules/${packageName}/`));
}

// Its own test file, so its own page: no other test has loaded either library here.
suite('rich output loads its libraries only when an item needs them', () => {
  test('text, images and JSON load neither DOMPurify nor marked', async () => {
    assert.isFalse(hasLoaded('dompurify'), 'before any item');
    await renderDisplayItem({ mime: 'text/plain', data: 'plain' });
    await renderDisplayItem({ mime: 'application/json', data: '[1, 2]' });
    const canvas = document.createElement('canvas');
    await renderDisplayItem({ mime: 'image/png', data: canvas.toDataURL().split(',')[1]! });
    assert.isFalse(hasLoaded('dompurify'));
    assert.isFalse(hasLoaded('marked'));
  });

  test('HTML loads DOMPurify but not marked; markdown then loads marked', async () => {
    await renderDisplayItem({ mime: 'text/html', data: '<b>bold</b>' });
    assert.isTrue(hasLoaded('dompurify'));
    assert.isFalse(hasLoaded('marked'));
    await renderDisplayItem({ mime: 'text/markdown', data: '*emphasis*' });
    assert.isTrue(hasLoaded('marked'));
  });
});
