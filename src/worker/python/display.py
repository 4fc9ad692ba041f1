"""Rich output for py-state-runner: display(), mime bundles and the matplotlib hook.

Standalone on purpose (it imports nothing of the project): the worker writes
it into Pyodide's file system, imports it, calls set_sink() before each run
and puts display() into every env. Data leaves as text: images as base64,
JSON as a JSON document, so a bundle crosses to the page as plain strings.
"""

import base64
import importlib.abc
import io
import json
import sys

__all__ = [
    "MIME_ORDER",
    "display",
    "display_result",
    "install_matplotlib_hook",
    "mime_bundle",
    "set_sink",
    "show_open_figures",
]

# Richest first; the page's renderer keeps the same order (display-item.ts).
MIME_ORDER = (
    "text/html",
    "text/markdown",
    "image/svg+xml",
    "image/png",
    "image/jpeg",
    "application/json",
    "text/plain",
)

# IPython's repr protocol: method name -> the mime type it produces.
_REPR_METHODS = (
    ("_repr_html_", "text/html"),
    ("_repr_markdown_", "text/markdown"),
    ("_repr_svg_", "image/svg+xml"),
    ("_repr_png_", "image/png"),
    ("_repr_jpeg_", "image/jpeg"),
    ("_repr_json_", "application/json"),
)

_BINARY_MIMES = frozenset(("image/png", "image/jpeg"))

TRUNCATED_NOTE = "\n… (output truncated)"

_sink = None
_max_bytes = None


def set_sink(sink, max_bytes=None):
    """Set where display() sends bundles: sink(bundle, truncated), and the cap per item.

    max_bytes is the run's output limit in bytes (UTF-8); None means no cap.
    sink=None turns display() into a no-op, for code run outside a cell.
    """
    global _sink, _max_bytes
    if max_bytes is not None and (
        isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes <= 0
    ):
        raise ValueError(f"max_bytes must be a positive int or None, not {max_bytes!r}")
    _sink = sink
    _max_bytes = max_bytes


def _warn(message):
    # A repr that fails is the user's bug: say so on stderr, as IPython does.
    print(f"display: {message}", file=sys.stderr)


def _as_text(mime, value):
    """A repr's value as the text that crosses to the page, or None to skip it."""
    if isinstance(value, tuple) and len(value) == 2:
        value = value[0]  # (data, metadata), as IPython allows
    if value is None:
        return None
    if mime in _BINARY_MIMES:
        if isinstance(value, (bytes, bytearray, memoryview)):
            return base64.b64encode(bytes(value)).decode("ascii")
        return str(value)  # already base64, as _repr_mimebundle_ usually gives it
    if mime == "application/json" and not isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", "replace")
    return str(value)


def _plain_repr(obj):
    try:
        return repr(obj)
    except Exception as error:  # noqa: BLE001 - a broken __repr__ must not end the run
        _warn(f"{type(obj).__name__}.__repr__ raised {error!r}")
        return f"<{type(obj).__name__} object (repr failed)>"


def _call_repr(obj, name):
    method = getattr(obj, name, None)
    if not callable(method):
        return None
    try:
        return method()
    except Exception as error:  # noqa: BLE001 - fall back to the plain repr
        _warn(f"{type(obj).__name__}.{name} raised {error!r}; showing its plain repr")
        return None


def _from_mimebundle(obj):
    method = getattr(obj, "_repr_mimebundle_", None)
    if not callable(method):
        return {}
    try:
        result = method(include=None, exclude=None)
    except Exception as error:  # noqa: BLE001 - fall back to the other reprs
        _warn(f"{type(obj).__name__}._repr_mimebundle_ raised {error!r}")
        return {}
    if isinstance(result, tuple) and len(result) == 2:
        result = result[0]
    if not isinstance(result, dict):
        return {}
    bundle = {}
    for mime, value in result.items():
        text = _as_text(mime, value)
        if isinstance(mime, str) and text is not None:
            bundle[mime] = text
    return bundle


def _is_figure(obj):
    # Looked up, never imported: a run that never imported matplotlib has no figures.
    figure_class = getattr(sys.modules.get("matplotlib.figure"), "Figure", None)
    return figure_class is not None and isinstance(obj, figure_class)


def _figure_png(obj):
    """A matplotlib Figure as base64 PNG, or None for anything else."""
    if not _is_figure(obj):
        return None
    buffer = io.BytesIO()
    obj.savefig(buffer, format="png", bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def mime_bundle(obj):
    """Every representation of obj that the page can show, as mime -> text.

    Always holds "text/plain". A class (not an instance) gets its plain repr
    only, as in IPython: its _repr_*_ are unbound functions.
    """
    bundle = {}
    if not isinstance(obj, type):
        bundle.update(_from_mimebundle(obj))
        for name, mime in _REPR_METHODS:
            if mime not in bundle:
                text = _as_text(mime, _call_repr(obj, name))
                if text is not None:
                    bundle[mime] = text
        if "image/png" not in bundle:
            try:
                png = _figure_png(obj)
            except Exception as error:  # noqa: BLE001 - fall back to the plain repr
                _warn(f"drawing the figure raised {error!r}")
                png = None
            if png is not None:
                bundle["image/png"] = png
    bundle.setdefault("text/plain", _plain_repr(obj))
    return bundle


def _size(text):
    return len(text.encode("utf-8"))


def _cap(bundle, max_bytes):
    """Drops each entry over the cap, cuts text/plain to it; says whether anything went."""
    if max_bytes is None:
        return bundle, False
    capped = {mime: data for mime, data in bundle.items() if _size(data) <= max_bytes}
    is_truncated = len(capped) < len(bundle)
    if "text/plain" not in capped:
        room = max(max_bytes - _size(TRUNCATED_NOTE), 0)
        plain = bundle["text/plain"].encode("utf-8")[:room].decode("utf-8", "ignore")
        capped["text/plain"] = plain + TRUNCATED_NOTE
    return capped, is_truncated


def _flush_text():
    # The sink must see text printed before display() first: the worker
    # batches stdout and stderr, and sends its batch on flush().
    for stream in (sys.stdout, sys.stderr):
        flush = getattr(stream, "flush", None)
        if callable(flush):
            flush()


def _send(bundle):
    if _sink is None:
        return
    capped, is_truncated = _cap(bundle, _max_bytes)
    _flush_text()
    _sink(capped, is_truncated)


def display(*objs):
    """Show each object in the cell's output, in its richest form, after the text printed so far."""
    for obj in objs:
        if _sink is not None:
            _send(mime_bundle(obj))


def display_result(value):
    """Display the last expression's value when it has a rich repr; say whether it did.

    When it returns False the host shows repr(value) as the result, as before.
    """
    if value is None:
        return False
    bundle = mime_bundle(value)
    if set(bundle) == {"text/plain"}:
        return False
    # The bundle already built, not display(value): a DataFrame's HTML is not cheap.
    _send(bundle)
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None and _is_figure(value):
        pyplot.close(value)  # shown once: a later plt.show() must not show it again
    return True


def show_open_figures(*_args, **_kwargs):
    """plt.show() for a page: each open figure becomes a PNG item, then closes."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is None:
        return
    for number in list(pyplot.get_fignums()):
        figure = pyplot.figure(number)
        display(figure)
        pyplot.close(figure)


def _after_import(name, module):
    if name == "matplotlib":
        # A worker has no canvas: draw off screen, whatever the rc file says.
        module.use("Agg")
    elif name == "matplotlib.pyplot":
        module.show = show_open_figures


class _HookedLoader(importlib.abc.Loader):
    """Runs the real loader, then _after_import; everything else is the real loader's."""

    def __init__(self, loader, name):
        self._loader = loader
        self._name = name

    def __getattr__(self, attribute):
        return getattr(self._loader, attribute)

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        _after_import(self._name, module)


class _MatplotlibFinder(importlib.abc.MetaPathFinder):
    """Finds matplotlib and matplotlib.pyplot with the other finders, wrapping their loader."""

    _NAMES = ("matplotlib", "matplotlib.pyplot")

    def find_spec(self, fullname, path, target=None):
        if fullname not in self._NAMES:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _HookedLoader(spec.loader, fullname)
                return spec
        return None


def install_matplotlib_hook():
    """Make matplotlib draw with Agg and plt.show() display PNGs, now or when it is imported."""
    if not any(isinstance(finder, _MatplotlibFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _MatplotlibFinder())
    for name in _MatplotlibFinder._NAMES:
        module = sys.modules.get(name)
        if module is not None:
            _after_import(name, module)
