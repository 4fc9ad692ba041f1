import { assert } from 'chai';
import { configure, type PyStateRunnerElement } from '../../src/index.js';
import { DEFAULT_OUTPUT_LIMITS } from '../../src/runtime/runtime-client.js';
import { accessibilityViolations } from '../axe.js';
import { addCell, outputText, removeCells, useLocalPyodide } from '../helpers.js';

declare global {
  interface Window {
    psrWiredHandlerRan?: string;
  }
}

/** Python that defines `png(width, height)`: a real PNG, made with the standard library only. */
const PNG_MAKER = `
import struct, zlib

def png(width, height):
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    rows = b"".join(b"\\x00" + b"\\xff\\x00\\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
`;

/** Python that defines `Repr(method, value)`: an object whose only rich repr is that method. */
const REPR_CLASS = `
class Repr:
    def __init__(self, method, value):
        setattr(self, method, lambda: value)
    def __repr__(self):
        return "<Repr>"
`;

function pane(cell: PyStateRunnerElement): HTMLElement {
  return cell.shadowRoot!.querySelector('.output')!;
}

/** The shadow roots of the display items in the output pane, in order. */
function items(cell: PyStateRunnerElement): ShadowRoot[] {
  return [...pane(cell).querySelectorAll('.display-item')].map((item) => item.shadowRoot!);
}

/** Every attribute whose name starts with "on", anywhere under root. */
function handlersLeft(root: ShadowRoot): string[] {
  return [...root.querySelectorAll('*')].flatMap((element) =>
    element.getAttributeNames().filter((name) => name.toLowerCase().startsWith('on')),
  );
}

async function settled(image: HTMLImageElement): Promise<void> {
  if (image.complete) return;
  await new Promise((resolve) => {
    image.addEventListener('load', resolve, { once: true });
    image.addEventListener('error', resolve, { once: true });
  });
}

suite('rich output in runs, on the real runtime', () => {
  suiteSetup(() => useLocalPyodide());
  teardown(() => {
    configure({ outputLimits: DEFAULT_OUTPUT_LIMITS });
    delete window.psrWiredHandlerRan;
    removeCells();
  });

  test('a last value with _repr_html_ shows as a table instead of its repr', async () => {
    const cell = await addCell(`
class Table:
    def _repr_html_(self):
        rows = "".join(f"<tr><th>{n}</th><td>{n * n}</td></tr>" for n in range(3))
        return f"<table><thead><tr><th>n</th><th>square</th></tr></thead><tbody>{rows}</tbody></table>"
    def __repr__(self):
        return "PLAIN-REPR"
Table()`);
    const result = await cell.run();
    assert.isTrue(result.ok);
    assert.notProperty(result, 'result', 'the rich repr replaces the plain one');
    assert.deepEqual(
      result.display?.map((item) => item.mime),
      ['text/html'],
    );
    const [root] = items(cell);
    const table = root!.querySelector('table')!;
    assert.exists(table);
    assert.lengthOf(table.querySelectorAll('tbody tr'), 3);
    assert.equal(table.querySelector('tbody tr:last-child td')!.textContent, '4');
    assert.notInclude(outputText(cell), 'PLAIN-REPR');
  });

  test('a last value without a rich repr still shows as its repr', async () => {
    const cell = await addCell('[1, 2]');
    const result = await cell.run();
    assert.equal(result.result, '[1, 2]');
    assert.notProperty(result, 'display');
    assert.lengthOf(items(cell), 0);
  });

  test('display() is there in every env and in modules a cell imports', async () => {
    const first = await addCell(`${REPR_CLASS}display(Repr("_repr_markdown_", "**one**"))`);
    const second = await addCell(
      `${REPR_CLASS}
import sys
with open("shows.py", "w") as file:
    file.write("display(42)\\n")
sys.path.insert(0, ".")
import shows
sys.path.remove(".")
del sys.modules["shows"]`,
    );
    const [one, two] = [await first.run(), await second.run()];
    assert.deepEqual(one.display, [{ mime: 'text/markdown', data: '**one**' }]);
    assert.deepEqual(two.display, [{ mime: 'text/plain', data: '42' }], two.error?.traceback);
  });

  test('scripts, event handlers and javascript: URLs in _repr_html_ and _repr_svg_ do nothing', async () => {
    const cell = await addCell(`${REPR_CLASS}
display(Repr("_repr_html_", """
<img src="./no-such-image.png" onerror="window.psrWiredHandlerRan = 'img'">
<script>window.psrWiredHandlerRan = 'script'</script>
<a href="javascript:void(window.psrWiredHandlerRan = 'link')">go</a>"""))
display(Repr("_repr_svg_", """<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"
  onload="window.psrWiredHandlerRan = 'svg'">
  <script>window.psrWiredHandlerRan = 'svg-script'</script>
  <a href="javascript:void(window.psrWiredHandlerRan = 'svg-link')"><rect width="20" height="20"/></a>
</svg>"""))`);
    const result = await cell.run();
    assert.deepEqual(
      result.display?.map((item) => item.mime),
      ['text/html', 'image/svg+xml'],
    );
    const [html, svg] = items(cell);
    await settled(html!.querySelector('img')!);
    html!.querySelector('a')!.click();
    svg!.querySelector('rect')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await new Promise((resolve) => requestAnimationFrame(resolve));
    assert.isUndefined(window.psrWiredHandlerRan);
    for (const root of [html!, svg!]) {
      assert.isNull(root.querySelector('script'));
      assert.deepEqual(handlersLeft(root), []);
      assert.notMatch(root.innerHTML, /javascript:/i);
    }
    assert.exists(svg!.querySelector('svg rect'), 'the drawing itself stays');
  });

  test('_repr_png_ bytes render as an image that decodes', async () => {
    const cell = await addCell(`${PNG_MAKER}${REPR_CLASS}Repr("_repr_png_", png(5, 3))`);
    const result = await cell.run();
    assert.equal(result.display?.[0]?.mime, 'image/png');
    const image = items(cell)[0]!.querySelector('img')!;
    await image.decode();
    assert.equal(image.naturalWidth, 5);
    assert.equal(image.naturalHeight, 3);
    assert.isNotEmpty(image.alt);
  });

  test('_repr_svg_, _repr_markdown_ and _repr_json_ render as a drawing, markup and folded JSON', async () => {
    const cell = await addCell(`${REPR_CLASS}
display(Repr("_repr_svg_", '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><circle r="4" cx="4" cy="4"/></svg>'))
display(Repr("_repr_markdown_", "# Heading\\n\\n- *first*\\n- second"))
Repr("_repr_json_", {"name": "Ada", "scores": [1, 2]})`);
    const result = await cell.run();
    assert.deepEqual(
      result.display?.map((item) => item.mime),
      ['image/svg+xml', 'text/markdown', 'application/json'],
    );
    const [svg, markdown, json] = items(cell);
    assert.exists(svg!.querySelector('svg circle'));
    assert.equal(markdown!.querySelector('h1')!.textContent, 'Heading');
    assert.lengthOf(markdown!.querySelectorAll('li'), 2);
    assert.exists(markdown!.querySelector('li em'));
    const details = json!.querySelector('details')!;
    assert.isFalse(details.open, 'folded');
    assert.deepEqual(JSON.parse(details.querySelector('pre')!.textContent!), {
      name: 'Ada',
      scores: [1, 2],
    });
  });

  test('display() between prints keeps its place in the output', async () => {
    const cell = await addCell(`${REPR_CLASS}
print("before")
display(Repr("_repr_html_", "<b>middle</b>"))
print("after")
"<b>plain</b>"`);
    const result = await cell.run();
    assert.equal(result.stdout, 'before\nafter\n');
    assert.equal(result.result, "'<b>plain</b>'");
    const children = [...pane(cell).children].map((child) =>
      child.classList.contains('display-slot')
        ? `item:${child.querySelector('.display-item')!.shadowRoot!.querySelector('b')!.textContent}`
        : child.textContent!.trim(),
    );
    assert.deepEqual(children, ['before', 'item:middle', 'after', "'<b>plain</b>'"]);
  });

  test('print output stays text, even when it looks like HTML', async () => {
    const cell = await addCell('print("<b>bold</b>")');
    const result = await cell.run();
    assert.notProperty(result, 'display');
    assert.isNull(pane(cell).querySelector('b, .display-item'));
    assert.include(outputText(cell), '<b>bold</b>');
  });

  test('a repr over the byte limit is dropped, and the run says it was truncated', async () => {
    configure({ outputLimits: { maxBytes: 1000 } });
    const cell = await addCell(`${REPR_CLASS}
print("first")
display(Repr("_repr_html_", "<p>" + "x" * 5000 + "</p>"))
print("after")`);
    const result = await cell.run();
    assert.isTrue(result.ok);
    assert.isTrue(result.truncated);
    assert.notProperty(result, 'display');
    assert.equal(result.stdout, 'first\n', 'nothing after the limit');
    assert.lengthOf(items(cell), 0);
    assert.include(outputText(cell), 'Output truncated');
  });

  test('each item counts as a line against the line limit', async () => {
    configure({ outputLimits: { maxLines: 2 } });
    const cell = await addCell(`${REPR_CLASS}
for n in range(4):
    display(Repr("_repr_markdown_", f"item {n}"))`);
    const result = await cell.run();
    assert.isTrue(result.truncated);
    assert.deepEqual(
      result.display?.map((item) => item.data),
      ['item 0', 'item 1'],
    );
    assert.lengthOf(items(cell), 2);
  });

  test('an item that cannot be shown becomes a notice, and the run goes on', async () => {
    const cell = await addCell(`${REPR_CLASS}
display(Repr("_repr_png_", b"not a png"))
print("still running")`);
    const result = await cell.run();
    assert.isTrue(result.ok);
    assert.equal(result.stdout, 'still running\n');
    assert.lengthOf(items(cell), 0);
    const notice = pane(cell).querySelector('.display-slot .notice')!;
    assert.match(notice.textContent!, /Could not show this image\/png output: .*not a PNG/);
    assert.isTrue(outputText(cell).endsWith('still running\n'), 'the notice keeps its place');
  });

  test('plt.show() displays each open matplotlib figure as a PNG, with no import at boot', async () => {
    // A stand-in with matplotlib's shape: the real one comes from the CDN, never in tests.
    const cell = await addCell(`${PNG_MAKER}
import os, sys
assert "matplotlib" not in sys.modules, "matplotlib was imported at boot"
os.makedirs("fake/matplotlib", exist_ok=True)
files = {
    "__init__.py": "backend = 'default'\\ndef use(name):\\n    global backend\\n    backend = name\\n",
    "figure.py": "class Figure:\\n    def savefig(self, file, format=None, **options):\\n        file.write(PNG)\\n",
    "pyplot.py": (
        "from matplotlib.figure import Figure\\n"
        "_open = []\\n"
        "def figure(num=None):\\n"
        "    if num is None:\\n"
        "        _open.append(Figure())\\n"
        "        return _open[-1]\\n"
        "    return _open[num - 1]\\n"
        "def get_fignums():\\n"
        "    return list(range(1, len(_open) + 1))\\n"
        "def close(fig):\\n"
        "    _open.remove(fig)\\n"
        "def show():\\n"
        "    raise RuntimeError('no screen')\\n"
    ),
}
for name, text in files.items():
    with open(f"fake/matplotlib/{name}", "w") as file:
        file.write(text)
sys.path.insert(0, os.path.abspath("fake"))
try:
    # Imported by name: an import statement would make the runtime fetch the
    # real matplotlib from the CDN before the run (packages load from imports).
    import importlib
    matplotlib = importlib.import_module("matplotlib")
    importlib.import_module("matplotlib.figure").PNG = png(6, 2)
    plt = importlib.import_module("matplotlib.pyplot")
    plt.figure()
    plt.show()
    print(matplotlib.backend)
finally:
    sys.path.remove(os.path.abspath("fake"))
    for name in ("matplotlib", "matplotlib.figure", "matplotlib.pyplot"):
        sys.modules.pop(name, None)`);
    const result = await cell.run();
    assert.isTrue(result.ok, result.error?.traceback);
    assert.equal(result.stdout, 'Agg\n');
    assert.deepEqual(
      result.display?.map((item) => item.mime),
      ['image/png'],
    );
    const image = items(cell)[0]!.querySelector('img')!;
    await image.decode();
    assert.equal(image.naturalWidth, 6);
  });

  test('rich output passes axe-core', async () => {
    // The helpers run in another cell of the same env: a long program makes the
    // editor scroll, and this check is about the output.
    const env = `axe-${Date.now().toString(36)}`;
    await (await addCell(`${PNG_MAKER}${REPR_CLASS}`, { env })).run();
    const cell = await addCell(
      `html = "<table><caption>Squares</caption><tr><th>n</th><td>4</td></tr>"
display(Repr("_repr_html_", html + "</table>"))
notes = "## Notes\\n\\n*Text*, a [link](https://example.org)."
display(Repr("_repr_markdown_", notes))
display(Repr("_repr_png_", png(4, 4)))
display(Repr("_repr_json_", {"a": 1}))
display(Repr("_repr_png_", b"broken"))`,
      { env },
    );
    const result = await cell.run();
    assert.lengthOf(result.display ?? [], 5);
    await cell.updateComplete;
    assert.deepEqual(await accessibilityViolations(cell), []);
  });
});
