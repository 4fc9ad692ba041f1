"""Runs a cell's code in its env's namespace and folder."""

import linecache
import os
import sys

from .compiling import awaits, compile_cell, run_compiled, run_compiled_async
from .display import display_result, set_sink
from .namespaces import namespace
from .output import Output, Stream
from .sleep import clear_interrupt
from .tracebacks import error_info

HOME = "/home/pyodide"


def run(env, folder, code, filename, post, max_lines, max_bytes):
    """Returns {"truncated", "tail"} plus "result" (the repr of the last
    expression, when not None and without a rich repr) or "error"; for code
    with top-level await, an awaitable of that. Output goes to post(stream,
    text) as it comes, display items to post("display", data, mime) in the
    same order; "tail" is the output written after the last post, as
    [stream, text] pairs.

    Code without top-level await runs here and now: through Pyodide's event
    loop a print(1) would take three times as long."""
    job = _Job(env, folder, code, filename, post, max_lines, max_bytes)
    # Stop may raise KeyboardInterrupt at any bytecode, before the user's code
    # starts or after it ends, so setup and cleanup sit inside the same guard.
    try:
        is_awaited = False
        try:
            compiled = job.start()
            if awaits(compiled):
                is_awaited = True
                return job.finish_async(compiled)
            job.take(run_compiled(compiled, job.ns))
        # KeyboardInterrupt and SystemExit are results too.
        except BaseException as error:  # noqa: BLE001
            job.fail(error)
        finally:
            if not is_awaited:
                job.clean_up()
    except KeyboardInterrupt as error:
        job.stopped_late(error)
    return job.outcome()


class _Job:
    """One run: its output, the streams it replaced, and what it ended with."""

    def __init__(self, env, folder, code, filename, post, max_lines, max_bytes):
        self.env = env
        self.folder = folder
        self.code = code
        self.filename = filename
        self.output = Output(post, max_lines, max_bytes)
        self.saved = sys.stdout, sys.stderr
        self.ns = None
        self.result = {}
        self.tail = []

    def start(self):
        """Sets the run up and compiles its code (a SyntaxError is the run's
        error); returns it compiled (see compiling.py)."""
        # Checked first: makedirs(exist_ok=True) raises and catches an error every run.
        if not os.path.isdir(self.folder):
            os.makedirs(self.folder)
        os.chdir(self.folder)
        self.ns = namespace(self.env)
        # Pyodide leaves "<...>" names out of linecache; without the source
        # the traceback would show no code lines. mtime None keeps
        # checkcache away.
        linecache.cache[self.filename] = (
            len(self.code),
            None,
            self.code.splitlines(True),
            self.filename,
        )
        sys.stdout = Stream(self.output, "stdout")
        sys.stderr = Stream(self.output, "stderr")
        # The output applies the run's limits to items as a whole, so
        # display.py gets no cap of its own.
        set_sink(self.output.display_bundle)
        return compile_cell(self.code, self.filename)

    async def finish_async(self, compiled):
        """The rest of a run whose code awaits at top level, in the event loop."""
        try:
            try:
                self.take(await run_compiled_async(compiled, self.ns))
            except BaseException as error:  # noqa: BLE001
                self.fail(error)
            finally:
                self.clean_up()
        except KeyboardInterrupt as error:
            self.stopped_late(error)
        return self.outcome()

    def take(self, value):
        # A rich last value shows as an item, like a notebook's Out[].
        if value is not None and not display_result(value):
            self.result["result"] = repr(value)

    def fail(self, error):
        self.result["error"] = error_info(error, self.filename)

    def clean_up(self):
        # Taken before the streams go: a stream let go of flushes as it closes.
        self.tail = self.output.take()
        sys.stdout, sys.stderr = self.saved
        clear_interrupt()
        os.chdir(HOME)
        # Last, after what a late Stop must not skip: a task the cell left
        # running must not post into a finished run (the next run sets its own).
        set_sink(None)

    def stopped_late(self, error):
        """A Stop that came as the code ended: still the user's stop."""
        clear_interrupt()
        if "error" not in self.result:
            self.fail(error)

    def outcome(self):
        self.result["truncated"] = self.output.truncated
        # The run's reply carries it: no message of its own.
        self.result["tail"] = self.tail + self.output.take()
        return self.result
