import { assert } from 'chai';
import type { PyodideAPI } from 'pyodide';
import { MIME_ORDER } from '../../src/element/rich-output/display-item.js';
import { renderDisplayItem } from '../../src/element/rich-output/render-display-item.js';
import { PYTHON_FILES } from '../../src/worker/python-package.js';
import { pagePyodide, runJson } from './pyodide-page.js';

type Bundle = Record<string, string>;
interface Sent {
  bundle: Bundle;
  truncated: boolean;
}

const MODULE_FOLDER = '/tmp/psr-display-test';

/** A real PNG, drawn now, as bytes. */
async function pngBytes(width: number, height: number): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(width, height);
  canvas.getContext('2d')!.fillRect(0, 0, width, height);
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  return new Uint8Array(await blob.arrayBuffer());
}

function base64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

/** A Python bytes literal of these bytes. */
function pythonBytes(bytes: Uint8Array): string {
  return `bytes([${[...bytes].join(', ')}])`;
}

suite('display.py in Pyodide', () => {
  let pyodide: PyodideAPI;
  let stderr: string[];

  /** Displays what `setup` defines and `expression` gives; returns what reached the sink. */
  function displayed(setup: string, expression: string): Sent[] {
    return runJson<Sent[]>(
      pyodide,
      `${setup}\nsent.clear()\ndisplay.display(${expression})\njson.dumps(sent)`,
    );
  }

  suiteSetup(async () => {
    pyodide = await pagePyodide();
    // The worker's own copy of the text: a fetch() of the .py URL could get the
    // browser's cached module from a test file that imported it.
    const source = PYTHON_FILES['display.py']!;
    pyodide.FS.mkdirTree(MODULE_FOLDER);
    pyodide.FS.writeFile(`${MODULE_FOLDER}/display.py`, source);
    pyodide.setStderr({ batched: (line) => stderr.push(line) });
    pyodide.runPython(`
import sys, json
sys.path.insert(0, ${JSON.stringify(MODULE_FOLDER)})
import display
sent = []
def sink(bundle, truncated):
    sent.append({"bundle": bundle, "truncated": truncated})
`);
  });

  setup(() => {
    stderr = [];
    pyodide.runPython('display.set_sink(sink)');
  });

  test('each _repr_*_ method gives its mime type, with the plain repr beside it', async () => {
    const png = await pngBytes(3, 2);
    const cases: [string, string, string][] = [
      ['_repr_html_', '"<b>bold</b>"', 'text/html'],
      ['_repr_markdown_', '"# Title"', 'text/markdown'],
      ['_repr_svg_', '"<svg></svg>"', 'image/svg+xml'],
      ['_repr_png_', pythonBytes(png), 'image/png'],
      ['_repr_jpeg_', 'b"\\xff\\xd8\\xff"', 'image/jpeg'],
      ['_repr_json_', '{"a": [1, 2]}', 'application/json'],
    ];
    for (const [method, value, mime] of cases) {
      const [item] = displayed(
        `class Rich:\n    def ${method}(self):\n        return ${value}\n    def __repr__(self):\n        return "Rich()"`,
        'Rich()',
      );
      assert.deepEqual(Object.keys(item!.bundle).sort(), [mime, 'text/plain'].sort(), method);
      assert.equal(item!.bundle['text/plain'], 'Rich()');
      assert.isFalse(item!.truncated);
    }
    const [pngItem] = displayed(
      `class Picture:\n    def _repr_png_(self):\n        return ${pythonBytes(png)}`,
      'Picture()',
    );
    assert.equal(pngItem!.bundle['image/png'], base64(png), 'bytes leave as base64');
    const [jsonItem] = displayed(
      'class Data:\n    def _repr_json_(self):\n        return {"a": [1, 2]}',
      'Data()',
    );
    assert.deepEqual(JSON.parse(jsonItem!.bundle['application/json']!), { a: [1, 2] });
  });

  test('_repr_mimebundle_ gives its bundle, also as a (data, metadata) pair', () => {
    for (const body of [
      'return {"text/html": "<i>x</i>", "text/plain": "X"}',
      'return ({"text/html": "<i>x</i>", "text/plain": "X"}, {})',
    ]) {
      const [item] = displayed(
        `class Bundled:\n    def _repr_mimebundle_(self, include=None, exclude=None):\n        ${body}`,
        'Bundled()',
      );
      assert.deepEqual(item!.bundle, { 'text/html': '<i>x</i>', 'text/plain': 'X' });
    }
  });

  test('a repr method that raises falls back to the plain repr and says so on stderr', () => {
    const [item] = displayed(
      'class Broken:\n    def _repr_html_(self):\n        raise ValueError("no html")\n    def __repr__(self):\n        return "Broken()"',
      'Broken()',
    );
    assert.deepEqual(item!.bundle, { 'text/plain': 'Broken()' });
    assert.match(stderr.join('\n'), /Broken\._repr_html_ raised ValueError\('no html'\)/);
    const [worse] = displayed(
      'class Worse:\n    def __repr__(self):\n        raise RuntimeError("no repr")',
      'Worse()',
    );
    assert.include(worse!.bundle['text/plain'], 'Worse object');
  });

  test('a class (not an instance) shows its plain repr only', () => {
    const [item] = displayed(
      'class Rich:\n    def _repr_html_(self):\n        return "<b>x</b>"',
      'Rich',
    );
    assert.deepEqual(Object.keys(item!.bundle), ['text/plain']);
  });

  test('display(a, b) sends one bundle per object, in order', () => {
    const sent = displayed('', '1, "two", [3]');
    assert.deepEqual(
      sent.map((item) => item.bundle['text/plain']),
      ['1', "'two'", '[3]'],
    );
  });

  test('text printed before display() is flushed before the bundle is sent', () => {
    const events = runJson<string[]>(
      pyodide,
      `
events = []
class Stream:
    text = ""
    def write(self, text):
        self.text += text
        return len(text)
    def flush(self):
        if self.text:
            events.append("text:" + self.text)
            self.text = ""
display.set_sink(lambda bundle, truncated: events.append("item:" + bundle["text/plain"]))
saved, sys.stdout = sys.stdout, Stream()
try:
    print("before")
    display.display(42)
    print("after")
    sys.stdout.flush()
finally:
    sys.stdout = saved
json.dumps(events)`,
    );
    assert.deepEqual(events, ['text:before\n', 'item:42', 'text:after\n']);
  });

  test('an item over the cap drops its rich forms and keeps a cut plain text', () => {
    const sent = runJson<Sent[]>(
      pyodide,
      `
display.set_sink(sink, max_bytes=100)
class Big:
    def _repr_html_(self):
        return "<p>" + "x" * 500 + "</p>"
    def __repr__(self):
        return "é" * 300
class Small:
    def _repr_html_(self):
        return "<b>s</b>"
sent.clear()
display.display(Big(), Small())
json.dumps(sent)`,
    );
    const [big, small] = sent;
    assert.deepEqual(Object.keys(big!.bundle), ['text/plain']);
    assert.isTrue(big!.truncated);
    assert.isAtMost(new TextEncoder().encode(big!.bundle['text/plain']).length, 100);
    assert.match(big!.bundle['text/plain']!, /^é+\n… \(output truncated\)$/);
    assert.equal(small!.bundle['text/html'], '<b>s</b>');
    assert.isFalse(small!.truncated);
  });

  test('set_sink refuses a cap that is not a positive int and keeps the old sink', () => {
    for (const bad of ['0', '-5', '"100"', 'True', '1.5']) {
      const outcome = runJson<{ error: string; sent: number }>(
        pyodide,
        `
other = []
sent.clear()
try:
    display.set_sink(lambda bundle, truncated: other.append(bundle), max_bytes=${bad})
    error = ""
except ValueError as caught:
    error = str(caught)
display.display(1)
json.dumps({"error": error, "sent": len(sent), "other": len(other)})`,
      );
      assert.include(outcome.error, 'max_bytes', bad);
      assert.equal(outcome.sent, 1, `${bad}: the old sink still receives`);
    }
  });

  test('display_result shows a rich last value and leaves a plain one to the result line', () => {
    const outcome = runJson<{ rich: boolean; plain: boolean; none: boolean; sent: Sent[] }>(
      pyodide,
      `
class Rich:
    def _repr_html_(self):
        return "<b>r</b>"
sent.clear()
rich = display.display_result(Rich())
plain = display.display_result([1, 2])
none = display.display_result(None)
json.dumps({"rich": rich, "plain": plain, "none": none, "sent": sent})`,
    );
    assert.isTrue(outcome.rich);
    assert.isFalse(outcome.plain);
    assert.isFalse(outcome.none);
    assert.deepEqual(
      outcome.sent.map((item) => item.bundle['text/html']),
      ['<b>r</b>'],
    );
  });

  test('without a sink display() sends nothing and raises nothing', () => {
    const count = runJson<number>(
      pyodide,
      'display.set_sink(None)\nsent.clear()\ndisplay.display(1)\njson.dumps(len(sent))',
    );
    assert.equal(count, 0);
  });

  test('its mime order is the renderer’s', () => {
    assert.deepEqual(runJson<string[]>(pyodide, 'json.dumps(display.MIME_ORDER)'), [...MIME_ORDER]);
  });

  test('the matplotlib hook selects Agg and turns plt.show() and a last figure into PNGs', async () => {
    const png = await pngBytes(4, 3);
    const root = '/tmp/fake-matplotlib';
    // A stand-in with matplotlib's shape: the real one cannot be fetched offline.
    const files: Record<string, string> = {
      'matplotlib/__init__.py':
        'backend = "module://default"\ndef use(name):\n    global backend\n    backend = name\n',
      'matplotlib/figure.py': `PNG = ${pythonBytes(png)}\nclass Figure:\n    def savefig(self, file, format=None, **options):\n        assert format == "png"\n        file.write(PNG)\n`,
      'matplotlib/pyplot.py': [
        'from matplotlib.figure import Figure',
        '_figures = {}',
        'def figure(num=None):',
        '    if num in _figures:',
        '        return _figures[num]',
        '    num = max(_figures, default=0) + 1',
        '    _figures[num] = Figure()',
        '    return _figures[num]',
        'def get_fignums():',
        '    return sorted(_figures)',
        'def close(fig):',
        '    for num, open_figure in list(_figures.items()):',
        '        if open_figure is fig:',
        '            del _figures[num]',
        'def show():',
        '    raise RuntimeError("no screen in a worker")',
        '',
      ].join('\n'),
    };
    pyodide.FS.mkdirTree(`${root}/matplotlib`);
    for (const [path, text] of Object.entries(files)) pyodide.FS.writeFile(`${root}/${path}`, text);
    const outcome = runJson<{ backend: string; shown: Sent[]; left: number[]; last: Sent[] }>(
      pyodide,
      `
sys.path.insert(0, ${JSON.stringify(root)})
display.install_matplotlib_hook()
import matplotlib
import matplotlib.pyplot as plt
sent.clear()
plt.figure()
plt.figure()
plt.show()
shown = list(sent)
sent.clear()
figure = plt.figure()
display.display_result(figure)
json.dumps({"backend": matplotlib.backend, "shown": shown, "left": plt.get_fignums(), "last": sent})`,
    );
    assert.equal(outcome.backend, 'Agg');
    assert.lengthOf(outcome.shown, 2, 'one item per open figure');
    assert.deepEqual(outcome.left, [], 'shown figures are closed');
    assert.lengthOf(outcome.last, 1);
    const data = outcome.last[0]!.bundle['image/png']!;
    assert.equal(data, base64(png));
    const element = await renderDisplayItem({ mime: 'image/png', data });
    document.body.append(element);
    const image = element.shadowRoot!.querySelector('img')!;
    await image.decode();
    assert.equal(image.naturalWidth, 4);
    element.remove();
  });
});
