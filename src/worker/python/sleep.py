"""time.sleep that shows what was printed before it waits and that Stop wakes."""

import sys
import time

_pyodide_sleep = time.sleep
# wait(ms) blocks on the interrupt buffer until Stop writes to it or the time
# is up; clear() empties it. Both exist only where the page is cross-origin
# isolated (see install).
_interrupt = {"wait": None, "clear": None, "check": None}


def install(wait=None, clear=None):
    """Replaces time.sleep for every cell; with wait and clear, Stop can cut a
    sleep short."""
    if wait is not None:
        # Taken now, not imported per call: user code can reach pyodide_js.
        from pyodide_js import checkInterrupt

        _interrupt.update(wait=wait, clear=clear, check=checkInterrupt)
    time.sleep = sleep


def clear_interrupt():
    """A Stop that arrives after the code ended must not hit the next call."""
    clear = _interrupt["clear"]
    if clear is not None:
        clear()


def sleep(seconds):
    """Pyodide's own sleep suspends into its event loop, where an interrupt
    lands in a loop callback and the sleep never returns; this one waits on
    the interrupt buffer instead."""
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    sys.stdout.flush()
    sys.stderr.flush()
    wait = _interrupt["wait"]
    if wait is None:
        return _pyodide_sleep(seconds)
    check = _interrupt["check"]
    end = time.monotonic() + seconds
    while True:
        check()
        remaining = end - time.monotonic()
        if remaining <= 0:
            return None
        wait(min(remaining, 1.0) * 1000)
