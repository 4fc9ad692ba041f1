"""input() and sys.stdin that ask the page for a line.

The page shows a text field in the cell's output; Enter answers with the
line, Escape closes the input (end of file). How Python waits depends on the
page: blocked on shared memory where the page is cross-origin isolated, else
suspended with JSPI's run_sync until the page's answer arrives.
"""

import builtins
import io
import sys

from pyodide.ffi import can_run_sync, run_sync

NEEDS = (
    "input() cannot wait for an answer on this page: it needs either a "
    "cross-origin isolated page (served with the headers "
    "Cross-Origin-Opener-Policy: same-origin and "
    "Cross-Origin-Embedder-Policy: require-corp) or a browser with "
    "WebAssembly JSPI (Chrome or Edge 137 and later)."
)
POLL_MILLISECONDS = 100

_hooks = {"shared_ask": None, "shared_poll": None, "ask_async": None, "check": None}


def install(hooks):
    """Replaces input() and sys.stdin for every cell; hooks is the worker's
    StdinHooks (see src/worker/stdin.ts)."""
    shared_ask = getattr(hooks, "shared_ask", None)
    _hooks.update(
        shared_ask=shared_ask,
        shared_poll=getattr(hooks, "shared_poll", None),
        ask_async=hooks.ask_async,
    )
    if shared_ask is not None:
        # Taken now, not imported per call: user code can reach pyodide_js.
        from pyodide_js import checkInterrupt

        _hooks["check"] = checkInterrupt
    builtins.input = ask_input
    sys.stdin = Stdin()


def read_line(prompt=""):
    """The reader's line without its newline, or None at end of input."""
    sys.stdout.flush()
    sys.stderr.flush()
    if _hooks["shared_ask"] is not None:
        _hooks["shared_ask"](prompt)
        while True:
            # Stop writes the interrupt buffer: raise KeyboardInterrupt here.
            _hooks["check"]()
            answer = _hooks["shared_poll"](POLL_MILLISECONDS)
            if answer is not None:
                break
    elif can_run_sync():
        answer = run_sync(_hooks["ask_async"](prompt))
    else:
        raise RuntimeError(NEEDS)
    if answer is False:
        return None
    # Echoed as a terminal would, so the output reads as the exchange it was.
    sys.stdout.write(answer + "\n")
    return answer


def ask_input(prompt=""):
    """input(): writes the prompt, waits for the reader's line."""
    prompt = str(prompt)
    if prompt:
        sys.stdout.write(prompt)
    line = read_line(prompt)
    if line is None:
        raise EOFError("EOF when reading a line")
    return line


class Stdin(io.TextIOBase):
    """sys.stdin: each line it needs is asked of the reader."""

    def __init__(self):
        self._buffer = ""

    @property
    def name(self):
        return "<stdin>"

    @property
    def encoding(self):
        return "utf-8"

    def readable(self):
        return True

    def isatty(self):
        return False

    def _fill(self):
        """Adds one line to the buffer; False at end of input."""
        line = read_line()
        if line is None:
            return False
        self._buffer += line + "\n"
        return True

    def readline(self, size=-1):
        while "\n" not in self._buffer and (size < 0 or len(self._buffer) < size):
            if not self._fill():
                break
        end = self._buffer.find("\n") + 1 or len(self._buffer)
        if size >= 0:
            end = min(end, size)
        line, self._buffer = self._buffer[:end], self._buffer[end:]
        return line

    def read(self, size=-1):
        while size < 0 or len(self._buffer) < size:
            if not self._fill():
                break
        end = len(self._buffer) if size < 0 else size
        text, self._buffer = self._buffer[:end], self._buffer[end:]
        return text
