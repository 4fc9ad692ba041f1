import { assert } from 'chai';
import {
  DisplayItemError,
  type DisplayItemErrorReason,
} from '../../src/element/rich-output/display-item.js';
import {
  renderDisplayItem,
  renderMimeBundle,
} from '../../src/element/rich-output/render-display-item.js';
import { frames, requestedPaths, uniqueName } from '../helpers.js';

declare global {
  interface Window {
    psrHandlerRan?: string;
  }
}

/** Renders an item into the page, where a handler that survived sanitising would run. */
async function show(mime: string, data: string): Promise<ShadowRoot> {
  const element = await renderDisplayItem({ mime, data });
  document.body.append(element);
  return element.shadowRoot!;
}

/** Each attribute named, on any element of the root: what a sanitiser must have removed. */
function attributesLeft(root: ShadowRoot, names: string[]): string[] {
  return [...root.querySelectorAll('*')].flatMap((element) =>
    names
      .filter((name) => element.hasAttribute(name))
      .map((name) => `${element.localName}[${name}]`),
  );
}

/** A PNG or JPEG drawn on a canvas now, as base64 without the data: prefix. */
function canvasImage(type: 'image/png' | 'image/jpeg', width: number, height: number): string {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#0969da';
  context.fillRect(0, 0, width / 2, height);
  return canvas.toDataURL(type).split(',')[1]!;
}

const HANDLERS = [
  'onerror',
  'onload',
  'onclick',
  'onmouseover',
  'ontoggle',
  'onfocus',
  'onbegin',
  'onanimationstart',
];

suite('rich output renderer', () => {
  setup(() => {
    delete window.psrHandlerRan;
  });
  teardown(() => {
    for (const item of document.querySelectorAll('.display-item, .probe')) item.remove();
  });

  test('a DataFrame repr renders as a table with its header and rows', async () => {
    const html = `<div>
<style scoped>
    .dataframe tbody tr th:only-of-type { vertical-align: middle; }
    .dataframe tbody tr th { vertical-align: top; }
    .dataframe thead th { text-align: right; }
</style>
<table border="1" class="dataframe">
  <thead><tr style="text-align: right;"><th></th><th>name</th><th>score</th></tr></thead>
  <tbody>
    <tr><th>0</th><td>Ada</td><td>36</td></tr>
    <tr><th>1</th><td>Grace</td><td>85</td></tr>
  </tbody>
</table>
<p>2 rows × 2 columns</p>
</div>`;
    const root = await show('text/html', html);
    const table = root.querySelector('table.dataframe')!;
    assert.exists(table);
    assert.equal(getComputedStyle(table).display, 'table');
    assert.deepEqual(
      [...table.querySelectorAll('thead th')].map((cell) => cell.textContent),
      ['', 'name', 'score'],
    );
    assert.deepEqual(
      [...table.querySelectorAll('tbody tr')].map((row) =>
        [...row.children].map((cell) => cell.textContent),
      ),
      [
        ['0', 'Ada', '36'],
        ['1', 'Grace', '85'],
      ],
    );
    const rowHeader = table.querySelector('tbody th')!;
    assert.equal(getComputedStyle(rowHeader).verticalAlign, 'middle', 'its own <style> applies');
    assert.isAbove(table.getBoundingClientRect().width, 0);
  });

  test("a repr's <style> styles its own item and nothing outside it", async () => {
    const probe = document.createElement('p');
    probe.className = 'probe';
    probe.textContent = 'outside';
    document.body.append(probe);
    const before = getComputedStyle(probe).color;
    const root = await show(
      'text/html',
      '<style>p, .probe { color: rgb(255, 0, 0) !important; }</style><p>inside</p>',
    );
    assert.equal(getComputedStyle(root.querySelector('p')!).color, 'rgb(255, 0, 0)');
    assert.equal(getComputedStyle(probe).color, before);
    assert.notEqual(before, 'rgb(255, 0, 0)');
  });

  test('scripts, event handlers and javascript: URLs in HTML do nothing', async () => {
    const root = await show(
      'text/html',
      `<img src="./no-such-image-${uniqueName()}.png" onerror="window.psrHandlerRan = 'img'">
<script>window.psrHandlerRan = 'script'</script>
<a href="javascript:void(window.psrHandlerRan = 'link')" onclick="window.psrHandlerRan = 'click'">go</a>
<svg onload="window.psrHandlerRan = 'svg'"><rect width="4" height="4"/></svg>
<details open ontoggle="window.psrHandlerRan = 'toggle'"><summary>s</summary></details>
<iframe srcdoc="<script>parent.psrHandlerRan = 'iframe'</script>"></iframe>
<form action="javascript:void(window.psrHandlerRan = 'form')"><button>send</button></form>`,
    );
    const image = root.querySelector('img')!;
    if (!image.complete) await new Promise((resolve) => image.addEventListener('error', resolve));
    root.querySelector('a')!.click();
    await frames();
    assert.isUndefined(window.psrHandlerRan);
    assert.isNull(root.querySelector('script, iframe'));
    assert.deepEqual(attributesLeft(root, HANDLERS), []);
    const hrefs = [...root.querySelectorAll('[href], [action]')].map(
      (element) => element.getAttribute('href') ?? element.getAttribute('action'),
    );
    assert.notMatch(hrefs.join(' '), /javascript:/i);
  });

  test('scripts, event handlers and javascript: links in SVG do nothing', async () => {
    const root = await show(
      'image/svg+xml',
      `<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="20" height="20" onload="window.psrHandlerRan = 'svg'">
  <script>window.psrHandlerRan = 'script'</script>
  <rect width="20" height="20" fill="teal" onclick="window.psrHandlerRan = 'rect'"/>
  <a xlink:href="javascript:void(window.psrHandlerRan = 'link')"><text y="10">go</text></a>
  <animate attributeName="x" onbegin="window.psrHandlerRan = 'animate'" dur="1s"/>
  <foreignObject><img src="x" onerror="window.psrHandlerRan = 'foreign'"/></foreignObject>
</svg>`,
    );
    const svg = root.querySelector('svg')!;
    assert.exists(svg);
    assert.exists(root.querySelector('rect'), 'the drawing itself stays');
    svg.querySelector('rect')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    (svg.querySelector('a') as unknown as HTMLElement | null)?.dispatchEvent(
      new MouseEvent('click', { bubbles: true }),
    );
    await frames();
    assert.isUndefined(window.psrHandlerRan);
    assert.isNull(root.querySelector('script, foreignObject'));
    assert.deepEqual(attributesLeft(root, HANDLERS), []);
    assert.notMatch(root.innerHTML, /javascript:/i);
  });

  test('PNG and JPEG bytes render as images that decode, with alt text', async () => {
    for (const [mime, label] of [
      ['image/png', 'PNG'],
      ['image/jpeg', 'JPEG'],
    ] as const) {
      const root = await show(mime, canvasImage(mime, 12, 7));
      const image = root.querySelector('img')!;
      await image.decode();
      assert.equal(image.naturalWidth, 12, mime);
      assert.equal(image.naturalHeight, 7, mime);
      assert.include(image.alt, label);
      assert.match(image.src, new RegExp(`^data:${mime};base64,`));
    }
  });

  test('base64 wrapped over lines (as Python encoders write it) still renders', async () => {
    const wrapped = canvasImage('image/png', 5, 5).replace(/(.{76})/g, '$1\n');
    const root = await show('image/png', wrapped);
    const image = root.querySelector('img')!;
    await image.decode();
    assert.equal(image.naturalWidth, 5);
  });

  test('markdown renders headings, lists and code, sanitised', async () => {
    const root = await show(
      'text/markdown',
      [
        '# Results',
        '',
        '- first',
        '- second',
        '',
        'Some `code` and [a link](https://example.org/).',
        '',
        '[bad](javascript:void(window.psrHandlerRan=1)) <img src="y" onerror="window.psrHandlerRan = 2">',
        '<script>window.psrHandlerRan = 3</script>',
      ].join('\n'),
    );
    assert.equal(root.querySelector('h1')?.textContent, 'Results');
    assert.deepEqual(
      [...root.querySelectorAll('ul > li')].map((item) => item.textContent),
      ['first', 'second'],
    );
    assert.equal(root.querySelector('p code')?.textContent, 'code');
    await frames();
    assert.isUndefined(window.psrHandlerRan);
    assert.isNull(root.querySelector('script'));
    assert.deepEqual(attributesLeft(root, HANDLERS), []);
    assert.notMatch(root.innerHTML, /javascript:/i);
  });

  test('links open in a new tab with no opener and no referrer', async () => {
    const root = await show(
      'text/html',
      '<a href="https://example.org/docs">docs</a> <a href="#part">part</a>',
    );
    const [external, fragment] = [...root.querySelectorAll('a')];
    assert.equal(external!.getAttribute('href'), 'https://example.org/docs');
    assert.equal(external!.target, '_blank');
    assert.equal(external!.rel, 'noopener noreferrer');
    assert.equal(fragment!.target, '', 'a link inside the item stays in place');
  });

  test('JSON shows folded, pretty-printed inside', async () => {
    const value = { name: 'Ada', scores: [36, 85], nested: { deep: true } };
    const root = await show('application/json', JSON.stringify(value));
    const details = root.querySelector('details')!;
    assert.isFalse(details.open, 'folded at first');
    assert.include(details.querySelector('summary')!.textContent, 'name, scores, nested');
    assert.equal(details.querySelector('pre')!.textContent, JSON.stringify(value, null, 2));
  });

  test('text/plain and unknown types render as text, never as markup', async () => {
    const plain = await show('text/plain', '<b>not bold</b>');
    assert.equal(plain.querySelector('pre')!.textContent, '<b>not bold</b>');
    assert.isNull(plain.querySelector('b'));
    const unknown = await show('application/pdf', 'JVBERi0xLjQK');
    assert.include(unknown.textContent, 'application/pdf');
    assert.notInclude(unknown.textContent, 'JVBERi0');
  });

  test('picks the richest supported mime type of a bundle', async () => {
    const cases: [Record<string, string>, string | undefined][] = [
      [{ 'text/plain': 'df', 'text/html': '<table></table>' }, 'text/html'],
      [{ 'text/plain': 'fig', 'image/png': canvasImage('image/png', 2, 2) }, 'image/png'],
      [{ 'application/x-unknown': 'z', 'text/plain': 'plain' }, 'text/plain'],
      [{ 'application/x-unknown': 'z' }, undefined],
    ];
    for (const [bundle, expected] of cases) {
      const element = await renderMimeBundle(bundle);
      assert.equal(element?.dataset.mime, expected, JSON.stringify(Object.keys(bundle)));
    }
  });

  const refusals: [string, unknown, DisplayItemErrorReason][] = [
    ['data that is not base64', { mime: 'image/png', data: 'iVBORw0KGgo!!!!' }, 'bad-base64'],
    ['empty image data', { mime: 'image/jpeg', data: '' }, 'bad-base64'],
    ['a JPEG labelled as PNG', { mime: 'image/png', data: '/9j/4AAQSkZJRgABAQ==' }, 'not-an-image'],
    ['JSON that does not parse', { mime: 'application/json', data: '{"a": ' }, 'bad-json'],
    ['an item without data', { mime: 'text/html' }, 'not-an-item'],
    ['something that is not an item', 'text/html', 'not-an-item'],
  ];
  for (const [what, item, reason] of refusals) {
    test(`refuses ${what} with a DisplayItemError (${reason}) and renders nothing`, async () => {
      const before = document.body.childElementCount;
      let caught: unknown;
      try {
        await renderDisplayItem(item as never);
      } catch (error) {
        caught = error;
      }
      assert.instanceOf(caught, DisplayItemError);
      assert.equal((caught as DisplayItemError).reason, reason);
      assert.isNotEmpty((caught as Error).message);
      assert.equal(document.body.childElementCount, before);
    });
  }

  test('resources on other origins are not fetched; same-origin ones are', async () => {
    // The test server under another host name: another origin, yet its log sees any request.
    const otherHost = location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
    const other = `${location.protocol}//${otherHost}:${location.port}`;
    const id = uniqueName('external');
    const external = (what: string) => `${other}/__external/${id}-${what}.png`;
    await requestedPaths(true);
    const root = await show(
      'text/html',
      `<img src="${external('img')}" alt="remote">
<img srcset="${external('srcset')} 2x" alt="remote set">
<video poster="${external('poster')}"></video>
<table background="${external('background')}"><tr><td>x</td></tr></table>
<div style="width: 10px; height: 10px; background-image: url(${external('inline')})"></div>
<style>
  @import url("${external('import')}");
  .styled { width: 10px; height: 10px; background: url('${external('sheet')}'); }
  .escaped { width: 10px; height: 10px; background: \\75 rl(${external('escaped')}); }
  @font-face { font-family: remote; src: url(${external('font')}); }
</style>
<div class="styled"></div><div class="escaped" style="font-family: remote">text</div>
<svg width="4" height="4"><image href="${external('svg-image')}" width="4" height="4"/></svg>
<img class="sentinel" src="/__sentinel/${id}.png" alt="local">`,
    );
    const sentinel = root.querySelector<HTMLImageElement>('img.sentinel')!;
    if (!sentinel.complete) {
      await new Promise((resolve) => sentinel.addEventListener('error', resolve, { once: true }));
    }
    await frames();
    await frames();
    const paths = await requestedPaths();
    assert.include(paths, `/__sentinel/${id}.png`, 'a same-origin image does load');
    assert.deepEqual(
      paths.filter((path) => path.includes(id) && !path.startsWith('/__sentinel')),
      [],
    );
    assert.equal(root.querySelector('img')!.dataset.blockedSrc, external('img'));
  });
});
